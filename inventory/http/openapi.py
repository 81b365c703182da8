"""The OpenAPI document as the service behaves: structs are closed (`additionalProperties: false`).

Request structs forbid unknown fields (a 400), and a response struct is encoded field for field,
so no object the service reads or writes has other properties. Closing them also keeps two
shapes of one resource apart: a loan's full shape never matches the technician's brief one.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import msgspec
from litestar import Request
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.plugins import (
    JsonRenderPlugin,
    OpenAPIRenderPlugin,
    RedocRenderPlugin,
    SwaggerRenderPlugin,
)

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.openapi.spec import Schema
    from litestar.typing import FieldDefinition


class ClosedStructSchemaPlugin(StructSchemaPlugin):
    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        return schema


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error: the status, a human-readable detail, and what the error adds.",
    "properties": {
        "status_code": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "reason": {"type": "string", "description": "a stable code for the refusal"},
        "field": {"type": "string", "description": "the field a business rule refused"},
        "errors": {
            "type": "array",
            "description": "each invalid field, as the client sent it",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
        "allowed_actions": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["status_code", "detail"],
}


# The operations a throttle guards declare it: `@post(..., responses=THROTTLED)`.
THROTTLED = {
    429: ResponseSpec(
        None,
        description="Too many failed attempts for this username or client address: wait the "
        "seconds the Retry-After header gives, then try again.",
    )
}
# The operations that hash a password declare it: `responses={**BUSY}` (inventory/offload.py).
BUSY = {
    503: ResponseSpec(
        None,
        description="As many password checks already wait as the server lets wait (a burst of "
        "log-ins): nothing was done; wait the seconds the Retry-After header gives, then try again.",
    )
}
RETRY_AFTER_HEADER = {
    "description": "seconds to wait before the next attempt",
    "schema": {"type": "integer", "minimum": 1},
    "required": True,
}


def _our_structs() -> list[type]:
    """Every msgspec struct the service's schemas define."""
    found: list[type] = []
    pending = list(msgspec.Struct.__subclasses__())
    while pending:
        struct = pending.pop()
        pending.extend(struct.__subclasses__())
        if struct.__module__.startswith("inventory.") and struct.__module__.endswith("schemas"):
            found.append(struct)
    return sorted(set(found), key=lambda s: (s.__module__, s.__qualname__))


def finish_document(document: dict[str, Any], public_paths: Iterable[str]) -> dict[str, Any]:
    """What Litestar's generator leaves out, put in:

    - each struct's schema as msgspec itself validates it (constraints of list items and of
      dictionary values included, `additionalProperties: false`);
    - the error body, as the `default` response of every operation (400, 404, 409, ...) and
      as the body of each error response an operation declares (429 and 503 with their
      Retry-After);
    - no security requirement on the public endpoints (health, log-in).
    """
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    _, components = msgspec.json.schema_components(_our_structs(), ref_template="#/components/schemas/{name}")
    for name, schema in components.items():
        if name in schemas:
            schemas[name] = schema
    schemas["Error"] = ERROR_SCHEMA
    public = [re.compile(pattern) for pattern in public_paths]
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            error_body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
            responses["default"] = {"description": "an error", "content": error_body}
            for status, response in responses.items():
                if status.isdigit() and int(status) >= 400 and not response.get("content"):
                    response["content"] = error_body
                if status in {"429", "503"}:
                    response.setdefault("headers", {})["Retry-After"] = RETRY_AFTER_HEADER
            if any(pattern.search(path) for pattern in public):
                operation["security"] = []
    return document


class FinishedJsonRenderPlugin(JsonRenderPlugin):
    """`/schema/openapi.json`: Litestar's document, finished by `finish_document` (once)."""

    def __init__(self, public_paths: Iterable[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.public_paths = list(public_paths)
        self._finished: tuple[int, dict[str, Any]] | None = None

    def render(self, request: Request, openapi_schema: dict[str, Any]) -> bytes:
        if self._finished is None or self._finished[0] != id(openapi_schema):
            document = finish_document(copy.deepcopy(openapi_schema), self.public_paths)
            self._finished = (id(openapi_schema), document)
        return super().render(request, self._finished[1])


def render_plugins(public_paths: Iterable[str]) -> list[OpenAPIRenderPlugin]:
    """The finished JSON document, and the interactive docs under `/schema`."""
    return [
        FinishedJsonRenderPlugin(public_paths),
        SwaggerRenderPlugin(path=["/", "/swagger"]),
        RedocRenderPlugin(),
    ]
