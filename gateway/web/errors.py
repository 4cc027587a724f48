"""Refusals made before GraphQL runs."""

from __future__ import annotations


class HTTPProblem(Exception):
    """Refuse the request before GraphQL runs (bad key, bad body)."""

    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
