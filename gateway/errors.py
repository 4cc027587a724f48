"""Expected failures as data: a problem has a code, a field path and a readable message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    code: str
    field: list[str] | None
    message: str


class ProblemError(Exception):
    """Raised by the domain for expected failures; resolvers turn it into `errors`."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = list(problems)


class Unauthenticated(Exception):
    """The operation needs a signed-in contact and there is none."""


class RateLimited(ProblemError):
    def __init__(self, retry_after_seconds: int, field: list[str] | None = None) -> None:
        seconds = max(1, int(retry_after_seconds))
        super().__init__(
            Problem(
                "RATE_LIMITED",
                field,
                f"Too many attempts. Try again in {seconds} second{'' if seconds == 1 else 's'}.",
            )
        )
        self.retry_after_seconds = seconds
