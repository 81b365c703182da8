"""Code 128 encodes what it is given: every value Relais prints decodes back from its modules.

python-barcode 0.16.1 dropped a leading "99" (upstream issue #251); labels/barcode.py works
around it. These tests read the module pattern back with an independent decoder
(tests/labels/code128_reading.py), over generated values with digit runs and "99" anywhere.
"""

from __future__ import annotations

import string

import pytest
from barcode.charsets import code128 as python_barcode_tables
from hypothesis import given, settings
from hypothesis import strategies as st

from inventory.schools import codes
from labels import code128_modules
from tests.labels.code128_reading import STOP, SYMBOLS, Unreadable, decode

# Hypothesis runs each property this many times: enough to meet "99" at every position and
# every parity of digit run, few enough that the module stays a second or two.
EXAMPLES = 300

PRINTABLE = string.ascii_letters + string.digits + string.punctuation + " "


def test_the_decoders_table_is_python_barcodes_table() -> None:
    """Two independent transcriptions of ISO/IEC 15417's symbol table agree."""
    ours = {value: pattern for pattern, value in SYMBOLS.items()}
    theirs = python_barcode_tables.CODES
    assert [ours[value] for value in range(106)] == list(theirs[:106])
    assert STOP == python_barcode_tables.STOP + "11"


@pytest.mark.parametrize(
    "value",
    [
        "99",
        "9",
        "999",
        "9999",
        "99-000005",
        "99-WC-000001",
        "99-DN-000123",
        "992A-BCDE-FGH2".replace("-", ""),
        "99ABCDEFGHJK",
        "A99",
        "RL-990099",
        "B-2026-99999",
        "0",
        "00",
        "0099",
        "1A",
        "12345",
        "RL-000123",
    ],
)
def test_values_that_python_barcode_0_16_1_mangled_decode_to_themselves(value: str) -> None:
    assert decode(code128_modules(value)) == value


def test_a_leading_99_keeps_its_own_symbol() -> None:
    """Start C, then the digit pair 99, then the switch to code set B, ...: not a shorter barcode."""
    assert len(code128_modules("99-000005")) > len(code128_modules("-000005"))


def test_the_decoder_refuses_a_damaged_barcode() -> None:
    modules = code128_modules("RL-000123")
    flipped = modules[:30] + ("0" if modules[30] == "1" else "1") + modules[31:]
    with pytest.raises(Unreadable):
        decode(flipped)
    with pytest.raises(Unreadable):
        decode(modules[:-2])


def _with_digit_runs() -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.text(PRINTABLE, min_size=1, max_size=4),
        st.text(string.digits, min_size=1, max_size=9),
        st.just("99"),
        st.integers(1, 6).map(lambda count: "9" * count),
    )
    return st.lists(piece, min_size=1, max_size=6).map("".join)


@settings(max_examples=EXAMPLES, deadline=None)
@given(_with_digit_runs())
def test_any_printable_text_with_digit_runs_decodes_to_itself(value: str) -> None:
    assert decode(code128_modules(value)) == value


PREFIXES = st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=10)


@settings(max_examples=EXAMPLES, deadline=None)
@given(prefix=st.one_of(st.just("99"), st.just("RL"), PREFIXES), number=st.integers(0, 999_999))
def test_asset_tags_certificates_and_delivery_notes_of_any_prefix_decode(prefix: str, number: int) -> None:
    """`<PREFIX>-<6 digits>`, `<PREFIX>-WC-<6 digits>` and `<PREFIX>-DN-<6 digits>` as
    devices, wipe certificates and delivery notes number them (any RELAIS_ASSET_TAG_PREFIX)."""
    for value in (f"{prefix}-{number:06d}", f"{prefix}-WC-{number:06d}", f"{prefix}-DN-{number:06d}"):
        assert decode(code128_modules(value)) == value


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(codes.ALPHABET, min_size=codes.RANDOM_LENGTH, max_size=codes.RANDOM_LENGTH))
def test_voucher_codes_decode(body: str) -> None:
    code = body + codes.check_character(body)
    assert decode(code128_modules(code)) == code


@settings(max_examples=EXAMPLES, deadline=None)
@given(year=st.integers(2000, 2099), number=st.integers(0, 99_999))
def test_beneficiary_references_decode(year: int, number: int) -> None:
    reference = f"B-{year}-{number:05d}"
    assert decode(code128_modules(reference)) == reference
