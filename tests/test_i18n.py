"""Translations: every domain's catalogues merge into one per language."""

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from inventory.i18n import PACKAGE_DIR, catalogue_files, translations

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.mark.parametrize("locale", ["fr", "nl"])
def test_plural_forms_follow_the_language_in_every_domain(locale: str) -> None:
    """'2 lettres', not '2 letters': every domain's catalogue shares the language's plural rule."""
    assert len(catalogue_files(locale)) >= 5
    merged = translations(locale)
    assert merged.ngettext("Print %(num)d letter", "Print %(num)d letters", 2) != "Print %(num)d letters"
    assert [merged.plural(n) for n in (0, 1, 2, 1_000_000)] == (
        [0, 0, 1, 1] if locale == "fr" else [1, 0, 1, 1]
    )


DOMAIN_PACKAGES = ("accounts", "sites", "devices", "loans", "schools", "operations", "http", "setup")


def _domain_messages() -> dict[str, str]:
    """Every message a domain marks with N_ (its refusals, mostly), and where it is written."""
    messages: dict[str, str] = {}
    for package in DOMAIN_PACKAGES:
        folder = PACKAGE_DIR / package
        for filename, _, message, _, _ in extract_from_dir(
            str(folder), method_map=[("**.py", "python")], keywords={"N_": None}
        ):
            if isinstance(message, str):
                messages.setdefault(message, f"{package}/{filename}")
    return messages


def test_domains_mark_their_refusals_for_translation() -> None:
    assert len(_domain_messages()) > 80


@pytest.mark.parametrize("locale", ["fr", "nl"])
def test_every_marked_message_of_every_domain_is_translated_with_its_placeholders(locale: str) -> None:
    """A refusal reaches the web UI in the user's language, with every value it names; so do
    the other marked texts (the certificate's standards)."""
    catalogue = translations(locale)
    untranslated, placeholders_differ = [], []
    for message, where in sorted(_domain_messages().items()):
        text = catalogue.gettext(message)
        if not catalogue._catalog.get(message):  # a proper name may read the same translated
            untranslated.append((where, message))
        elif sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(message)):
            placeholders_differ.append((where, message, text))
        elif PLACEHOLDER.search(message):
            text % dict.fromkeys(PLACEHOLDER.findall(message), 1)  # a stray "%" would raise
    assert untranslated == []
    assert placeholders_differ == []


@pytest.mark.parametrize("locale", ["fr", "nl"])
def test_no_two_catalogues_translate_one_text_differently(locale: str) -> None:
    """The catalogues merge into one: a text two domains translate differently would read as
    only one of them everywhere ('Remis' for 'Remis le' on a delivery note)."""
    seen: dict[str, tuple[str, str]] = {}
    differing = []
    for po_file in catalogue_files(locale):
        with po_file.open("rb") as handle:
            for message in read_po(handle, locale=locale):
                if not message.id or not isinstance(message.id, str):
                    continue
                domain = po_file.relative_to(PACKAGE_DIR).parts[0]
                if message.id in seen and seen[message.id][1] != message.string:
                    differing.append((message.id, seen[message.id], (domain, message.string)))
                seen.setdefault(message.id, (domain, message.string))
    assert differing == []
