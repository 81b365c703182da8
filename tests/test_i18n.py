"""Translations: every domain's catalogues merge into one per language."""

import pytest

from inventory.i18n import catalogue_files, translations


@pytest.mark.parametrize("locale", ["fr", "nl"])
def test_plural_forms_follow_the_language_in_every_domain(locale: str) -> None:
    """'2 lettres', not '2 letters': every domain's catalogue shares the language's plural rule."""
    assert len(catalogue_files(locale)) >= 5
    merged = translations(locale)
    assert merged.ngettext("Print %(num)d letter", "Print %(num)d letters", 2) != "Print %(num)d letters"
    assert [merged.plural(n) for n in (0, 1, 2, 1_000_000)] == (
        [0, 0, 1, 1] if locale == "fr" else [1, 0, 1, 1]
    )
