"""Every text of the web UI is translated in French and Dutch, and no translation is stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

WEB = Path(__file__).parent.parent.parent / "inventory" / "web"
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def source_messages() -> set[str]:
    keywords = {**DEFAULT_KEYWORDS, "N_": None, "Nn_": (1, 2)}
    found = extract_from_dir(WEB, METHODS, keywords=keywords, options_map=OPTIONS)
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


@pytest.mark.parametrize("locale", ["fr", "nl"])
def test_the_catalogue_translates_every_text_and_nothing_else(locale: str) -> None:
    with (WEB / "locale" / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale=locale)
    entries = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue if m.id}
    wanted = source_messages()
    assert sorted(wanted - set(entries)) == [], "texts without an entry"
    assert sorted(set(entries) - wanted) == [], "entries no text uses any more"
    untranslated = [
        key
        for key, m in entries.items()
        if not m.string or not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    assert untranslated == []
    assert [key for key, m in entries.items() if m.fuzzy] == []
