"""Translations: every domain's catalogues merge into one per language."""

import ast
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


DOMAIN_PACKAGES = (
    "accounts",
    "sites",
    "devices",
    "loans",
    "schools",
    "operations",
    "reporting",
    "http",
    "setup",
)


def _domain_messages() -> dict[str, str]:
    """Every message a domain marks with N_ (its refusals, mostly), and where it is written;
    a counted one (Nn_) by its singular, its plural checked beside it."""
    messages: dict[str, str] = {}
    for package in DOMAIN_PACKAGES:
        folder = PACKAGE_DIR / package
        for filename, _, message, _, _ in extract_from_dir(
            str(folder), method_map=[("**.py", "python")], keywords={"N_": None, "Nn_": (1, 2)}
        ):
            if isinstance(message, str):
                messages.setdefault(message, f"{package}/{filename}")
            elif isinstance(message, tuple):
                messages.setdefault(message[0], f"{package}/{filename}")
                _COUNTED[message[0]] = message[1]
    return messages


_COUNTED: dict[str, str] = {}


def test_domains_mark_their_refusals_for_translation() -> None:
    assert len(_domain_messages()) > 80


@pytest.mark.parametrize("locale", ["fr", "nl"])
def test_every_marked_message_of_every_domain_is_translated_with_its_placeholders(locale: str) -> None:
    """A refusal reaches the web UI in the user's language, with every value it names; so do
    the other marked texts (the certificate's standards)."""
    catalogue = translations(locale)
    untranslated, placeholders_differ = [], []
    for message, where in sorted(_domain_messages().items()):
        if message in _COUNTED:
            forms = [catalogue._catalog.get((message, index)) for index in (0, 1)]
            if not all(forms):
                untranslated.append((where, message))
            placeholders_differ += [
                (where, message, form)
                for form in forms
                if form and sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(message))
            ]
            continue
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


# Values that count something at run time: a text naming one is an ngettext entry, so that it
# reads "1 jour" and "2 jours", never "1 jours" nor "jour(s)".
# A count followed by its noun ("%(days)s days") needs both forms; one given as a value after a
# label ("cellules : 3") or in parentheses does not.
COUNTS = (
    "num",
    "count",
    "days",
    "missing",
    "remaining",
    "collected",
    "cells",
    "more",
    "invalid_rows",
    "total_rows",
    # limits that a text states: "at least 12 characters", "at most 2000 labels"
    "min_length",
    "max_length",
    "min_distinct",
    "length",
    "limit",
    "max",
    "max_labels",
    "side",
    "months",
    "seconds",
)
# A unit after a number has one form ("20 MB", "30 s").
UNITS = ("MB", "s")
COUNTED_NOUN = re.compile(
    r"%\((?:" + "|".join(COUNTS) + r")\)[sd] (?!(?:of|left|asked|" + "|".join(UNITS) + r")\b)[^\W\d]"
)
TEMPLATES = PACKAGE_DIR / "web" / "templates"


def _singular_entries() -> list[tuple[str, str]]:
    entries = []
    for locale in ("fr", "nl"):
        for po_file in catalogue_files(locale):
            with po_file.open("rb") as handle:
                for message in read_po(handle, locale=locale):
                    if message.id and isinstance(message.id, str):
                        entries.append((po_file.relative_to(PACKAGE_DIR).parts[0], message.id))
    return sorted(set(entries))


def test_no_count_is_written_without_its_plural_forms() -> None:
    """A count goes through ngettext: no "(s)", no number in a text that has one form only."""
    unpluralised = []
    for domain, message in _singular_entries():
        if "(s)" in message or re.search(r"%\(\w+\)d", message) or COUNTED_NOUN.search(message):
            unpluralised.append((domain, message))
    for po_file in catalogue_files("fr") + catalogue_files("nl"):
        for line in po_file.read_text().splitlines():
            if line.startswith("msgstr") and re.search(r"\w\((s|en|n)\)", line):
                unpluralised.append((po_file.parts[-5], line))
    assert unpluralised == []


def test_templates_and_code_count_with_ngettext() -> None:
    """A length passed into a one-form text, in a template or in Python, is a count without
    its plural."""
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        for call in re.findall(r"(?<![n\w])_\((?:[^()]|\([^()]*\))*\)", template.read_text()):
            if re.search(r"\|\s*(length|count)\b|len\(", call):
                offenders.append((template.name, call))
    for module in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                "gettext",
                "t",
                "_",
                "N_",
            ):
                for keyword in node.keywords:
                    if isinstance(keyword.value, ast.Call) and getattr(keyword.value.func, "id", "") == "len":
                        offenders.append((module.name, ast.unparse(node)[:80]))
    assert offenders == []


# The CSV import's problems are fragments that follow their row ("ligne 3 : le fichier a plus de
# 50 000 lignes"), never sentences of their own.
IMPORT_PROBLEM_FRAGMENTS = {"devices/importing.py"}


@pytest.mark.parametrize("locale", ["fr", "nl"])
def test_refusals_read_as_sentences_starting_with_a_capital(locale: str) -> None:
    """ "Le prêt 5 n'existe pas", never "le prêt 5 n'existe pas" (a word of the vocabulary,
    like "virgule", keeps its case)."""
    catalogue = translations(locale)
    lower = [
        (where, catalogue.gettext(message))
        for message, where in sorted(_domain_messages().items())
        if len(message.split()) >= 3
        and catalogue.gettext(message)[:1].islower()
        and where not in IMPORT_PROBLEM_FRAGMENTS
    ]
    assert lower == []


@pytest.mark.parametrize(
    ("locale", "count", "expected"),
    [
        ("fr", 1, "Le mot de passe doit compter au moins 1 caractère."),
        ("fr", 12, "Le mot de passe doit compter au moins 12 caractères."),
        ("fr", 2000, "Le mot de passe doit compter au moins 2\u202f000 caractères."),
        ("nl", 1, "Het wachtwoord moet minstens 1 teken lang zijn."),
        ("nl", 12, "Het wachtwoord moet minstens 12 tekens lang zijn."),
        ("en", 1, "password must be at least 1 character"),
        ("en", 12, "password must be at least 12 characters"),
    ],
)
def test_a_stated_limit_takes_the_form_of_its_number(locale: str, count: int, expected: str) -> None:
    """A refusal that states a limit (Nn_) reads '1 caractère' and '12 caractères', the number
    written as the reader writes numbers."""
    from inventory.accounts.policy import MIN_PASSWORD_LENGTH, password_problem
    from inventory.i18n import told

    problem = password_problem("a")
    assert problem is not None and problem[1] == {"min_length": MIN_PASSWORD_LENGTH}
    assert told(locale, problem[0], min_length=count) == expected
