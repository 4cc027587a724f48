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


def _only_broken_fields(errors: list[dict[str, Any]], data: Any) -> bool:
    """Every error is an unexpected one on a field below a root field that has data."""
    if not isinstance(data, dict):
        return False
    for error in errors:
        path = error.get("path") or []
        if (error.get("extensions") or {}).get("code") != "INTERNAL" or len(path) < 2:
            return False
        if data.get(path[0]) is None:
            return False
    return True


@dataclass
class Api:
    endpoint: GraphQLEndpoint
    request: Request
    # The last operation's Retry-After (a rate limit): the page refusing the form passes it on.
    retry_after: str | None = None

    async def run(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The `data` of the operation; raises SignedOut or ApiFailure on GraphQL errors."""
        response = await self.endpoint.run(self.request, query, variables)
        self.retry_after = response.headers.get("retry-after")
        body = orjson.loads(bytes(response.body))
        errors = body.get("errors") or []
        codes = {(e.get("extensions") or {}).get("code") for e in errors}
        if "UNAUTHENTICATED" in codes:
            raise SignedOut
        data = body.get("data")
        if errors and _only_broken_fields(errors, data):
            # A stored row the API could not read (gateway/orders/..., a migration's leftovers)
            # nulls only the fields that read it: the page shows the rest (tests/under_fire/
            # test_malformed_rows.py), the error is logged by the endpoint with its request id.
            errors = []
        if errors or response.status_code != 200:
            raise ApiFailure(errors, response.status_code)
        if "viewer" in data and data["viewer"] is None:
            raise SignedOut  # the pages ask for the viewer only where one is needed
        return data  # type: ignore[no-any-return]

    async def mutate(
        self, query: str, variables: dict[str, Any], name: str
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """(payload, errors) of a mutation whose payload carries `errors`."""
        payload = (await self.run(query, variables))[name]
        return payload, payload.get("errors") or []
