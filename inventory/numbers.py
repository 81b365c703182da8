"""Numbers as the service accepts them: row ids fit the database's 32-bit integer columns.

PostgreSQL's `integer` holds up to 2³¹−1; an id beyond it (in a body, a path, a query or a
cursor) would fail inside the database. Ids are range-checked where they are parsed instead,
and answered with a 400 naming the field.
"""

from __future__ import annotations

from typing import Annotated

from litestar.params import PathParameter, QueryParameter
from msgspec import Meta

MAX_ROW_ID = 2**31 - 1

# In a JSON body.
RowId = Annotated[int, Meta(ge=1, le=MAX_ROW_ID, description="a row id")]
# In a path (`/loans/{loan_id}`) or a query (`?beneficiary_id=`).
RowIdPath = Annotated[int, PathParameter(ge=1, le=MAX_ROW_ID, description="a row id")]
RowIdQuery = Annotated[int | None, QueryParameter(ge=1, le=MAX_ROW_ID, description="a row id")]


def is_row_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ROW_ID
