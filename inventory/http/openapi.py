"""The OpenAPI document as the service behaves: structs are closed (`additionalProperties: false`).

Request structs forbid unknown fields (a 400), and a response struct is encoded field for field,
so no object the service reads or writes has other properties. Closing them also keeps two
shapes of one resource apart: a loan's full shape never matches the technician's brief one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.openapi.spec import Schema
    from litestar.typing import FieldDefinition


class ClosedStructSchemaPlugin(StructSchemaPlugin):
    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        return schema
