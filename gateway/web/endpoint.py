"""One GraphQL-over-HTTP endpoint: JSON in, JSON out, errors masked, nothing else per request."""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from graphql import ExecutionResult, GraphQLError, OperationType, execute
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from gateway.errors import Unauthenticated
from gateway.web.budget import ADMIN_MAX_LIST_ITEMS, MAX_LIST_ITEMS, long_list_error
from gateway.web.caching import (
    ADMIN_VARY,
    NO_STORE,
    STOREFRONT_VARY,
    cache_control,
    merged_vary,
)
from gateway.web.cost import response_too_large
from gateway.web.documents import DocumentCache
from gateway.web.errors import HTTPProblem
from gateway.web.failures import field_failure, unavailable_among
from gateway.web.graphiql import ExplorerPage
from gateway.web.guard import request_id_for, request_info
from gateway.web.lenient_json import dumps_json, loads_json
from gateway.web.metrics import note_codes, note_errors, note_operation
from gateway.web.persisted import PersistedQueries
from gateway.web.quiet_errors import quiet_formatted

log = logging.getLogger("gateway.graphql")


# graphql-core's refusals of an argument while executing (execution/values.py
# `coerce_argument`): "Argument 'x' has invalid value...", "... of required type 'T' was not
# provided.", also for a fragment's variables.
_ARGUMENT_REFUSED = re.compile(
    r"^(?:Argument '[^']*'|Variable '\$[^']*' defined by fragment '[^']*')"
    r" (?:has invalid value|of required type '.*' was not provided\.)"
)


class PublicError(Exception):
    """An error whose message and code may be shown to the caller as a GraphQL error."""

    def __init__(self, message: str, code: str, field: list[str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field  # the argument's path, e.g. ["input", "lines", "0", "sku"]


_PASSED_HEADERS = {
    "set-cookie",
    "retry-after",
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "vary",
}

ContextFactory = Callable[[Request, Response], Awaitable[Any]]


def json_response(
    body: dict[str, Any], status: int = 200, response: Response | None = None
) -> Response:
    out = Response(dumps_json(body), status_code=status, media_type="application/json")
    if response is not None:
        for key, value in response.headers.items():
            if key.lower() in _PASSED_HEADERS:
                out.headers.append(key, value)
    return out


def refusal(
    errors: list[dict[str, Any]], *, with_data: bool = True, response: Response | None = None
) -> Response:
    """A request refused before (or instead of) its answer: counted as a refusal in /metrics,
    never cached; `with_data=False` for a document that never reached execution (validation)."""
    note_errors(errors, refused=True)
    body: dict[str, Any] = {"errors": errors, "data": None} if with_data else {"errors": errors}
    out = json_response(body, response=response)
    out.headers["Cache-Control"] = NO_STORE
    return out


def problem_response(problem: HTTPProblem) -> Response:
    note_codes([problem.code])
    out = json_response(
        {"errors": [{"message": problem.message, "extensions": {"code": problem.code}}]},
        problem.status,
    )
    out.headers["Cache-Control"] = NO_STORE
    return out


def drop_tracebacks(errors: list[GraphQLError]) -> None:
    """Forget the tracebacks of errors already logged and formatted: a traceback holds the
    frames that raised, whose locals hold the executor that holds the errors, a cycle that
    kept a failed request's objects for the cyclic garbage collector (see gc_tuning)."""
    for error in errors:
        error.__traceback__ = None
        original: BaseException | None = error.original_error
        seen: set[int] = set()
        while original is not None and id(original) not in seen:
            seen.add(id(original))
            original.__traceback__ = None
            original = original.__cause__ or original.__context__


def _is_awaitable(value: Any) -> bool:
    return hasattr(value, "__await__")


class GraphQLEndpoint:
    def __init__(
        self,
        documents: DocumentCache,
        context_factory: ContextFactory,
        *,
        graphiql_page: ExplorerPage | None,
        max_body_bytes: int,
        hide_suggestions: bool,
        executor_class: type | None = None,
        admin: bool = False,
        public_max_age: int = 0,
        max_response_bytes: int = 0,
        persisted_bytes: int = 8 * 1024 * 1024,
    ) -> None:
        self.admin = admin
        self.public_max_age = public_max_age
        self.vary = ADMIN_VARY if admin else STOREFRONT_VARY
        self.executor_class = executor_class
        self.documents = documents
        self.persisted = PersistedQueries(persisted_bytes, documents.budget.max_bytes)
        self.max_response_bytes = max_response_bytes  # 0: no cap
        self.context_factory = context_factory
        self.graphiql_page = graphiql_page
        self.max_body_bytes = max_body_bytes
        self.hide_suggestions = hide_suggestions

    async def handle(self, request: Request) -> Response:
        request_id = request_id_for(request.scope)
        try:
            if request.method == "GET":
                accept = request.headers.get("accept", "")
                asks_graphql = (
                    "query" in request.query_params or "extensions" in request.query_params
                )
                if "text/html" in accept and not asks_graphql:
                    if self.graphiql_page is None:
                        raise HTTPProblem(404, "The GraphQL explorer is disabled.", "NOT_FOUND")
                    return HTMLResponse(self.graphiql_page.html, headers=self.graphiql_page.headers)
                params = self._get_params(request)
            elif request.method == "POST":
                params = await self._post_params(request)
            else:
                raise HTTPProblem(405, "Use POST (or GET for queries).", "METHOD_NOT_ALLOWED")
            return await self._run(request, params, request_id)
        except HTTPProblem as problem:
            return problem_response(problem)

    async def run(
        self, request: Request, query: str, variables: dict[str, Any] | None = None
    ) -> Response:
        """One operation for an in-process client (the hosted account pages): the same limits,
        context, execution and error masking as a POST from a storefront; `request` is the
        browser's own request (client IP, user agent, base URL)."""
        request_id = request_id_for(request.scope)
        try:
            return await self._run(request, {"query": query, "variables": variables}, request_id)
        except HTTPProblem as problem:
            return problem_response(problem)

    def _get_params(self, request: Request) -> dict[str, Any]:
        query = request.query_params.get("query")
        if not query and "extensions" not in request.query_params:
            raise HTTPProblem(400, "Send a query.", "BAD_REQUEST")
        variables: Any = request.query_params.get("variables")
        if variables:
            try:
                variables = loads_json(variables)
            except ValueError:
                raise HTTPProblem(400, "variables is not valid JSON.", "BAD_REQUEST") from None
        extensions: Any = request.query_params.get("extensions")
        if extensions:
            try:
                extensions = orjson.loads(extensions)
            except orjson.JSONDecodeError:
                raise HTTPProblem(400, "extensions is not valid JSON.", "BAD_REQUEST") from None
        return {
            "query": query,
            "extensions": extensions or None,
            "variables": variables or None,
            "operationName": request.query_params.get("operationName"),
            "_get": True,
        }

    async def _post_params(self, request: Request) -> dict[str, Any]:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in {"application/json", "application/graphql-response+json"}:
            raise HTTPProblem(415, "Send the request as application/json.", "BAD_REQUEST")
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            raise HTTPProblem(413, "The request body is too large.", "BAD_REQUEST")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.max_body_bytes:
                raise HTTPProblem(413, "The request body is too large.", "BAD_REQUEST")
        try:
            data = loads_json(body)
        except ValueError:
            raise HTTPProblem(400, "The request body is not valid JSON.", "BAD_REQUEST") from None
        if not isinstance(data, dict):
            raise HTTPProblem(400, "Send one JSON object with a query.", "BAD_REQUEST")
        return data

    async def _run(self, request: Request, params: dict[str, Any], request_id: str) -> Response:
        query = self.persisted.resolve(params.get("query"), params.get("extensions"))
        info = request_info(request.scope)
        if info is not None and isinstance(params.get("extensions"), dict):
            info.persisted = "persistedQuery" in params["extensions"]
        variables = params.get("variables")
        operation_name = params.get("operationName")
        if not isinstance(query, str) or not query.strip():
            raise HTTPProblem(400, "The request has no query string.", "BAD_REQUEST")
        if variables is not None and not isinstance(variables, dict):
            raise HTTPProblem(400, "variables must be a JSON object.", "BAD_REQUEST")
        if operation_name is not None and not isinstance(operation_name, str):
            raise HTTPProblem(400, "operationName must be a string.", "BAD_REQUEST")

        response = Response()
        context = await self.context_factory(request, response)  # may raise HTTPProblem
        try:
            return await self._execute(
                query,
                variables,
                operation_name,
                bool(params.get("_get")),
                context,
                response,
                request_id,
            )
        finally:
            close = getattr(context, "aclose", None)  # e.g. the request's shared connection
            if close is not None:
                await close()

    async def _execute(
        self,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        over_get: bool,
        context: Any,
        response: Response,
        request_id: str,
    ) -> Response:
        prepared = await self.documents.prepare(query)
        if over_get and prepared.passes_secret:
            raise HTTPProblem(
                405,
                "Send operations with a token or password with POST: URLs end up in logs.",
                "METHOD_NOT_ALLOWED",
            )
        request = getattr(context, "request", None)
        if request is not None:
            note_operation(request, prepared.operations, operation_name)
        if prepared.errors:
            return refusal([e.formatted for e in prepared.errors], with_data=False)
        operation_type = prepared.operation_type(operation_name)
        if operation_type is None:
            if operation_name is not None:
                raise HTTPProblem(
                    400,
                    f"The document has no operation named {operation_name!r} (operationName).",
                    "BAD_REQUEST",
                )
            raise HTTPProblem(400, "Name the operation to run (operationName).", "BAD_REQUEST")
        if over_get and operation_type != OperationType.QUERY:
            raise HTTPProblem(405, "Mutations must be sent with POST.", "METHOD_NOT_ALLOWED")
        if operation_type == OperationType.SUBSCRIPTION:
            raise HTTPProblem(400, "Subscriptions are not supported.", "BAD_REQUEST")
        too_long = long_list_error(  # gateway/web/budget.py
            variables, ADMIN_MAX_LIST_ITEMS if self.admin else MAX_LIST_ITEMS
        )
        if too_long is not None:
            return refusal([too_long])
        too_costly = self.documents.cost_error(prepared, operation_name, variables)
        if too_costly is not None:  # gateway/web/cost.py
            return refusal([too_costly])

        result = execute(
            self.documents.schema,
            prepared.document,  # type: ignore[arg-type]
            context_value=context,
            variable_values=variables,
            operation_name=operation_name,
            is_awaitable=_is_awaitable,
            hide_suggestions=self.hide_suggestions,
            executor_class=self.executor_class,
        )
        if _is_awaitable(result):
            result = await result  # type: ignore[misc]
        assert isinstance(result, ExecutionResult)
        body: dict[str, Any] = {}
        unavailable = None
        if result.errors:
            body["errors"] = [self._format(e, request_id) for e in result.errors]
            note_errors(body["errors"])
            unavailable = unavailable_among(result.errors)
            drop_tracebacks(result.errors)
        body["data"] = result.data
        out = json_response(body, response=response)
        if self.max_response_bytes and len(out.body) > self.max_response_bytes:
            too_large = response_too_large(len(out.body), self.max_response_bytes)
            return refusal([too_large], response=response)
        if unavailable is not None:  # 503 with Retry-After (gateway/web/failures.py)
            out.status_code = unavailable.status
            out.headers["Retry-After"] = str(unavailable.retry_after)
        out.headers["Cache-Control"] = cache_control(
            over_get=over_get,
            admin=self.admin,
            has_session=bool(
                getattr(context, "session_token", None)
                or (request is not None and "authorization" in request.headers)
            ),
            has_errors=bool(result.errors),
            root_fields=prepared.root_fields(operation_name),
            max_age=self.public_max_age,
        )
        cors_vary = response.headers.get("vary")
        out.headers["Vary"] = merged_vary(self.vary, cors_vary) if cors_vary else self.vary
        return out

    def _format(self, error: GraphQLError, request_id: str) -> dict[str, Any]:
        original = error.original_error
        if original is None or error.path is None:
            # Syntax, validation and variable coercion errors: about the request, safe to show.
            formatted = error.formatted
            if not (formatted.get("extensions") or {}).get("code"):
                formatted["extensions"] = {
                    **(formatted.get("extensions") or {}),
                    "code": "BAD_USER_INPUT",
                }
            return quiet_formatted(formatted) if self.hide_suggestions else formatted
        if isinstance(original, Unauthenticated):
            return {
                "message": "Sign in to do this.",
                "path": error.path,
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        if isinstance(original, PublicError):
            extensions: dict[str, Any] = {"code": original.code}
            if original.field is not None:
                extensions["field"] = original.field
            return {"message": str(original), "path": error.path, "extensions": extensions}
        if (
            isinstance(original, GraphQLError)
            and original.original_error is None
            and not (original.extensions or {}).get("code")
            and _ARGUMENT_REFUSED.match(original.message)
        ):
            # graphql-core refusing an argument's value while executing the field (an explicit
            # null for `quantity: Int! = 1`, say): about the request, like a variable's. Its
            # other execution errors ("Expected Iterable", an abstract type unresolved) are the
            # server's and stay INTERNAL.
            formatted = error.formatted
            formatted["extensions"] = {
                **(formatted.get("extensions") or {}),
                "code": "BAD_USER_INPUT",
            }
            return quiet_formatted(formatted) if self.hide_suggestions else formatted
        known = field_failure(error, request_id)  # a lost database, a full pool, ...
        if known is not None:
            return known
        log.error(
            "unexpected error in %s (request %s)",
            ".".join(str(p) for p in error.path or []),
            request_id,
            exc_info=original,
        )
        return {
            "message": "Something went wrong on our side. Quote this request id if it persists.",
            "path": error.path,
            "extensions": {"code": "INTERNAL", "requestId": request_id},
        }
