"""French typography: a narrow no-break space before : ; ? ! on pages and documents, set once
where French text is produced, and never inside a time, an address or a placeholder."""

from __future__ import annotations

import re

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from inventory.accounts import service as accounts
from inventory.documents import BODY, para
from inventory.i18n import NARROW_NO_BREAK_SPACE, french_typography, gettext, translations, typography
from tests.devices.test_certificate import wiped_device
from tests.helpers import intake
from tests.pdf_reading import pdf_text
from tests.web.test_web_http import signed_in

NNBSP = NARROW_NO_BREAK_SPACE


@pytest.mark.parametrize(
    ("text", "typeset"),
    [
        ("Outil : nwipe", f"Outil{NNBSP}: nwipe"),
        ("Vraiment ? Oui ! Bon ; fini", f"Vraiment{NNBSP}? Oui{NNBSP}! Bon{NNBSP}; fini"),
        ("Résultat:", f"Résultat{NNBSP}:"),  # a mark glued to its word gets its space too
        ("Outil\u00a0: x", f"Outil{NNBSP}: x"),  # a no-break space becomes the narrow one
        (f"Outil{NNBSP}: x", f"Outil{NNBSP}: x"),  # already there: not doubled
        ("à 14:30 le 1/2", "à 14:30 le 1/2"),
        ("voir https://relais.example/v/RL?x=1 !", f"voir https://relais.example/v/RL?x=1{NNBSP}!"),
        ("%(name)s : %(count)s", f"%(name)s{NNBSP}: %(count)s"),
        ('<a href="/x" style="color: red">Lien :</a>', f'<a href="/x" style="color: red">Lien{NNBSP}:</a>'),
        ("Dupont &amp; fils", "Dupont &amp; fils"),
    ],
)
def test_french_typography_sets_marks_apart_and_leaves_times_addresses_and_markup(
    text: str, typeset: str
) -> None:
    assert french_typography(text) == typeset


def test_translated_french_has_the_narrow_space_and_dutch_and_english_do_not() -> None:
    assert (
        gettext("fr", "Certificate number: %(number)s", number="14:30")
        == f"Numéro de certificat{NNBSP}: 14:30"
    )
    assert gettext("nl", "Certificate number: %(number)s", number="14:30") == "Certificaatnummer: 14:30"
    assert gettext("en", "Certificate number: %(number)s", number="14:30") == "Certificate number: 14:30"
    assert (
        typography("nl", "Resultaat:") == "Resultaat:"
        and typography("fr", "Résultat:") == f"Résultat{NNBSP}:"
    )
    # Plural entries too.
    registered = (
        "%(num)d device registered: %(first)s.",
        "%(num)d devices registered, from %(first)s to %(last)s.",
    )
    assert f"{NNBSP}:" in translations("fr").ngettext(*registered, 1)
    assert NNBSP not in translations("nl").ngettext(*registered, 1)


async def test_a_french_page_sets_colons_apart_and_a_dutch_one_does_not(client, auth) -> None:
    tag = (await intake(client, auth.technician, serial_number="5CG-TYPO-1"))["asset_tag"]
    await signed_in(client, auth.technician)
    page = (await client.get(f"/devices/{tag}", headers={"Accept-Language": "fr-BE"})).text
    assert 'lang="fr"' in page
    # "Non : effacez-le…": the mark stays with its word, on a phone too.
    assert f"Non{NNBSP}:" in page and "Non :" not in page
    assert re.search(r"\b\d\d:\d\d\b", page), "a time keeps its plain colon"
    await accounts.set_language(auth.users["technician"]["id"], "nl")
    dutch = (await client.get(f"/devices/{tag}")).text
    assert 'lang="nl"' in dutch and NNBSP not in dutch


async def test_a_french_certificate_keeps_each_colon_with_its_label(client, auth) -> None:
    tag = await wiped_device(client, auth)
    french = await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=auth.technician)
    text = pdf_text(french.content)
    # reportlab would break a line at U+202F as at any space, so documents print a no-break
    # space (read back as a space); the times keep their plain colons.
    assert "Numéro de certificat : RL-WC-000001" in text and "Date : ...." in text
    assert "10:30:00" in text
    dutch = await client.get(
        f"/api/v1/devices/{tag}/wipe-certificate.pdf", params={"lang": "nl"}, headers=auth.technician
    )
    assert "Certificaatnummer: RL-WC-000001" in pdf_text(dutch.content)


def test_a_document_line_never_starts_with_the_mark_of_the_word_before() -> None:
    sentence = gettext("fr", "Certificate number: %(number)s", number="RL-WC-000001")
    label = sentence.split(NNBSP)[0]
    # A column just wide enough for the label alone: the colon goes down with its word.
    paragraph = para(sentence, BODY)
    paragraph.wrap(stringWidth(label, BODY.fontName, BODY.fontSize) + 1, 500)
    lines = [words for _, words in paragraph.blPara.lines]
    assert lines[0] == ["Numéro", "de"] and lines[1][0] == "certificat\u00a0:", lines
