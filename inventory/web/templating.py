"""The Jinja environment of the web UI: templates beside this module, i18n, display filters."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig
from markupsafe import Markup

from inventory.devices.vocabulary import MAX_WIPE_PASSES
from inventory.i18n import LANGUAGE_NAMES, babel_locale, typography
from inventory.settings import get_settings
from inventory.web import exports, vocabulary, workshop
from inventory.web.language import current_locale, translate, translate_plural
from inventory.web.operations import field_label
from inventory.web.pages import navigation
from inventory.web.scanning import scan_patterns

WEB_DIR = Path(__file__).parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(get_settings().tz).date()
    return format_date(value, format="medium", locale=babel_locale(current_locale()))


def _moment(value: datetime | None) -> str:
    if value is None:
        return ""
    # The locale's numeric date with a four-digit year (Belgian "short" formats have two), then
    # the time: 30/01/2027 09:00, day before month in every language.
    locale = babel_locale(current_locale())
    local = value.astimezone(get_settings().tz)
    day = format_skeleton("yMMdd", local, locale=locale)
    return f"{day} {format_time(local, format='short', locale=locale)}"


def _typography(value: str) -> str:
    """A template's own punctuation ({% filter typography %}): French sets : ; ? ! apart, as its
    catalogue texts do. Markup stays markup: tags and entities are left alone."""
    text = typography(current_locale(), str(value))
    # Markup in, markup out: the rule only puts a space before a mark outside tags and entities.
    return Markup(text) if isinstance(value, Markup) else text  # noqa: S704


def _number(value: float | int | None) -> str:
    return "" if value is None else format_decimal(value, locale=babel_locale(current_locale()))


@lru_cache(maxsize=64)
def _static_version(name: str) -> str:
    """A content hash in static URLs, so browsers may cache files for long and still see changes."""
    path = STATIC_DIR / name
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else "0"


def static_url(name: str) -> str:
    return f"/static/{name}?v={_static_version(name)}"


def site_choices(rows: list[dict]) -> list[tuple[str, str]]:
    return [(row["code"], f"{row['name']} ({row['code']})") for row in rows if row["active"]]


def options(rows: list[Any], value: str, text: str) -> list[tuple[str, str]]:
    """(value, text) pairs for a select, from structs or dicts."""

    def read(row: Any, name: str) -> Any:
        return row[name] if isinstance(row, dict) else getattr(row, name)

    return [(str(read(row, value)), str(read(row, text))) for row in rows]


def layout_choice(name: str) -> tuple[str, str]:
    return (name, vocabulary.label(name, "label_layout"))


def build_environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_gettext_callables(translate, translate_plural, newstyle=True)  # type: ignore[attr-defined]  # Jinja's i18n extension adds install_gettext_callables, which Environment's type does not declare
    environment.filters.update(
        label=vocabulary.label,
        tone=vocabulary.stage_tone,
        status_tone=vocabulary.status_tone,
        tone_of=vocabulary.tone,
        layout_choice=layout_choice,
        day=_day,
        moment=_moment,
        number=_number,
        typography=_typography,
    )
    environment.globals.update(
        choices=vocabulary.choices,
        term=vocabulary.term,
        can_redeem=vocabulary.can_redeem,
        static_url=static_url,
        language_names=LANGUAGE_NAMES,
        current_locale=current_locale,
        settings=get_settings,
        navigation=navigation,
        site_choices=site_choices,
        preset_query=urlencode,
        options=options,
        label_runs=workshop.label_runs,
        field_label=field_label,
        field_value=vocabulary.field_value,
        exports_offered=exports.offered,
        max_wipe_passes=MAX_WIPE_PASSES,
        scan_patterns=scan_patterns,
    )
    return environment


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(build_environment()))
