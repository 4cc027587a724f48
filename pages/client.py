"""The pages' GraphQL client: one operation through the storefront endpoint, in-process."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request

from gateway.web.endpoint import GraphQLEndpoint


class SignedOut(Exception):
    """The operation needs a session and the cookie's session is gone (expired, revoked)."""


class ApiFailure(Exception):
    """A GraphQL error the pages did not expect (their documents are fixed: a bug or outage)."""

    def __init__(self, errors: list[dict[str, Any]], status: int) -> None:
        super().__init__("; ".join(str(e.get("message")) for e in errors))
        self.errors = errors
        self.status = status


@dataclass
class Api:
    endpoint: GraphQLEndpoint
    request: Request

    async def run(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The `data` of the operation; raises SignedOut or ApiFailure on GraphQL errors."""
        response = await self.endpoint.run(self.request, query, variables)
        body = orjson.loads(bytes(response.body))
        errors = body.get("errors") or []
        codes = {(e.get("extensions") or {}).get("code") for e in errors}
        if "UNAUTHENTICATED" in codes:
            raise SignedOut
        if errors or response.status_code != 200:
            raise ApiFailure(errors, response.status_code)
        data = body["data"]
        if "viewer" in data and data["viewer"] is None:
            raise SignedOut  # the pages ask for the viewer only where one is needed
        return data  # type: ignore[no-any-return]

    async def mutate(
        self, query: str, variables: dict[str, Any], name: str
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """(payload, errors) of a mutation whose payload carries `errors`."""
        payload = (await self.run(query, variables))[name]
        return payload, payload.get("errors") or []
