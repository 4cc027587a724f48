"""JSON in and out of the endpoint, surviving unpaired surrogates.

orjson refuses a JSON escape of a lone surrogate (`"\\ud800"`), which is valid JSON syntax (RFC
8259 section 8.2 allows it) but no Unicode character. Such a request is decoded again with the
standard library, so the lone surrogate reaches the field it was sent for and is refused there
as `INVALID` on that field (`gateway/text.py`), not as an unreadable body. On the way out, any
text echoing one (a coercion error quoting the value) has it replaced by U+FFFD instead of
failing the whole answer.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from gateway.text import without_surrogates


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def loads_json(data: bytes | str) -> Any:
    """Decoded JSON; ValueError when it is not JSON (NaN and Infinity are not)."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data, parse_constant=_refuse_constant)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return without_surrogates(value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def dumps_json(body: Any) -> bytes:
    """orjson's encoding; text holding surrogates has them replaced first."""
    try:
        return orjson.dumps(body)
    except orjson.JSONEncodeError:
        return orjson.dumps(_clean(body))
