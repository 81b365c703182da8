"""Rows typed where a service hands them out: a msgspec Struct names what is read, and the
query builder's select list is derived from its fields, so a row's shape is written once."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, TypeVar

import msgspec
from piccolo.columns import Column
from piccolo.table import Table

RowT = TypeVar("RowT", bound=msgspec.Struct)


def own_fields(
    row: type[msgspec.Struct], joined: Mapping[str, Column] | None = None, computed: Collection[str] = ()
) -> tuple[str, ...]:
    """The fields of `row` read from its table's own columns of the same name: all but those
    read through a foreign key (`joined`) and those the service works out (`computed`)."""
    return tuple(
        name for name in row.__struct_fields__ if name not in (joined or {}) and name not in computed
    )


def select_columns(
    table: type[Table],
    row: type[msgspec.Struct],
    joined: Mapping[str, Column] | None = None,
    *,
    computed: Collection[str] = (),
    all_but: Collection[str] | None = None,
) -> tuple[Column, ...]:
    """What `table.select(...)` reads for a `row`: the table's column of each own field's name,
    then each joined column under its field's name.

    With `all_but`, the row is the whole table: its own fields must be exactly the table's
    columns less those named (a column added to the table and not to the Struct, or the other
    way round, stops the module from loading). Without it, each own field must be a column.
    """
    own = own_fields(row, joined, computed)
    columns = {column._meta.name for column in table.all_columns()}
    if all_but is not None and set(own) != columns - set(all_but):
        raise RuntimeError(f"{row.__name__}'s own fields must be the {table._meta.tablename} table's columns")
    strangers = sorted(set(own) - columns)
    if strangers:
        raise RuntimeError(
            f"{row.__name__}: {', '.join(strangers)} are not columns of {table._meta.tablename}"
        )
    return (
        *(table._meta.get_column_by_name(name) for name in own),
        *(column.as_alias(name) for name, column in (joined or {}).items()),
    )


def typed(values: Mapping[str, Any], row: type[RowT]) -> RowT:
    """A row as the query builder gives it (a dict), as the Struct `row`; lenient about what
    drivers return (booleans as 0/1 on SQLite), as DeviceRow's reader is."""
    return msgspec.convert(values, row, strict=False)
