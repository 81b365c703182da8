"""HTML forms to the services' msgspec structs, collecting a message for every bad field.

A form posts strings; the API's structs (DeviceIntake, WipeAction, ...) hold the rules of each
field. Each field is converted on its own so that every bad field is reported at once, then
the whole struct is built, which is exactly the validation the JSON API applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, Generic, Literal, TypeVar

import msgspec
from litestar.exceptions import ValidationException
from msgspec import inspect

from inventory import text
from inventory.settings import get_settings
from inventory.web.language import N_, gettext

T = TypeVar("T", bound=msgspec.Struct)

FormValues = Mapping[str, Any]

REQUIRED = N_("This field is required.")
NOT_VALID = N_("This value is not valid.")
TOO_LONG = N_("This text is too long.")
OUT_OF_RANGE = N_("This number is out of range.")


@dataclass
class Valid(Generic[T]):
    """A form that parsed: the struct it describes."""

    value: T
    errors: dict[str, str] = field(default_factory=dict)
    ok: ClassVar[Literal[True]] = True


@dataclass
class Invalid:
    """A form that did not: the message of each field that is wrong."""

    errors: dict[str, str]
    value: None = None
    ok: ClassVar[Literal[False]] = False


# `if not parsed.ok: ...` tells the type checker which one it is, and so that `value` is set.
Parsed = Valid[T] | Invalid


def form_dict(form: Any) -> dict[str, Any]:
    """A request's form as a dict; repeated names (checkboxes) become lists.

    A value holding NUL or another control character (line breaks and tabs aside) is refused
    here, for every form, whatever reads it next: a 400 naming the field.
    """
    values: dict[str, Any] = {}
    for key in form:
        all_values = form.getall(key) if hasattr(form, "getall") else [form[key]]
        for value in all_values:
            if isinstance(value, str) and text.has_control_characters(key + value):
                raise ValidationException(
                    detail=f"{key}: must not contain control characters",
                    extra=[{"key": key, "message": "must not contain control characters", "source": "body"}],
                )
        values[key] = all_values if len(all_values) > 1 else all_values[0]
    return values


def count_of(value: Any) -> int:
    """A tally carried by a form: a whole number, never negative; anything else counts as 0."""
    try:
        return max(0, int(str(value)))
    except ValueError:
        return 0


def _message(error: msgspec.ValidationError) -> str:
    text = str(error)
    if "length" in text:
        return gettext(TOO_LONG)
    if "<=" in text or ">=" in text:
        return gettext(OUT_OF_RANGE)
    return gettext(NOT_VALID)


def _without_none(info: inspect.Type) -> inspect.Type:
    if isinstance(info, inspect.UnionType):
        rest = [t for t in info.types if not isinstance(t, inspect.NoneType)]
        if len(rest) == 1:
            return rest[0]
    return info


def _text(raw: Any) -> str:
    if isinstance(raw, list):
        raw = raw[-1] if raw else ""
    return str(raw).strip()


def _lines(raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else str(raw).replace(",", "\n").splitlines()
    return [item.strip() for item in items if str(item).strip()]


def _moment(text: str) -> datetime:
    """A datetime-local input has no offset: it means the programme's local time."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=get_settings().tz)


def _raw_value(info: inspect.Type, name: str, values: FormValues) -> Any:
    """The field's value as the form gave it, shaped for conversion; None when left empty."""
    if isinstance(info, inspect.StructType):
        nested = {key[len(name) + 1 :]: v for key, v in values.items() if key.startswith(name + ".")}
        return nested or None
    if isinstance(info, inspect.DictType):
        nested = {key[len(name) + 1 :]: _text(v) for key, v in values.items() if key.startswith(name + ".")}
        return {k: v for k, v in nested.items() if v} or None
    if name not in values:
        return None
    if isinstance(info, inspect.ListType):
        return _lines(values[name])
    text = _text(values[name])
    if not text:
        return None
    if isinstance(info, inspect.DateTimeType):
        return _moment(text)
    if isinstance(info, inspect.DateType):
        return date.fromisoformat(text)
    return text


def parse(struct_type: type[T], values: FormValues, *, prefix: str = "") -> Parsed[T]:
    """The struct the form describes, or the message of each field that is wrong.

    Field errors are keyed by their form name (`specs.ram_gb`, `checklist.power`).
    """
    errors: dict[str, str] = {}
    built: dict[str, Any] = {}
    for struct_field in msgspec.structs.fields(struct_type):
        name = prefix + struct_field.encode_name
        info = _without_none(inspect.type_info(struct_field.type))
        try:
            raw = _raw_value(info, name, values)
        except ValueError:
            errors[name] = gettext(NOT_VALID)
            continue
        if raw is None:
            if struct_field.required:
                errors[name] = gettext(REQUIRED)
            continue
        if isinstance(info, inspect.StructType):
            nested = parse(info.cls, values, prefix=name + ".")
            errors.update(nested.errors)
            if nested.value is not None:
                built[struct_field.name] = nested.value
            continue
        try:
            built[struct_field.name] = msgspec.convert(raw, type=struct_field.type, strict=False)
        except msgspec.ValidationError as error:
            errors[name] = _message(error)
    if errors:
        return Invalid(errors)
    try:
        return Valid(msgspec.convert(built, type=struct_type, strict=False, from_attributes=False))
    except msgspec.ValidationError as error:
        return Invalid({"form": _message(error)})
