"""Voucher codes: the alphabet, the randomness and the check character, as properties."""

from __future__ import annotations

import math
import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inventory.schools import codes

body = st.text(alphabet=codes.ALPHABET, min_size=codes.RANDOM_LENGTH, max_size=codes.RANDOM_LENGTH)
valid_code = body.map(lambda b: b + codes.check_character(b))


def test_the_alphabet_has_no_ambiguous_characters() -> None:
    assert not set("0O1IL") & set(codes.ALPHABET)
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET) == 31
    assert codes.ALPHABET == "".join(sorted(codes.ALPHABET))


def test_randomness_is_what_twelve_printed_characters_allow() -> None:
    # 11 random characters of 31: 54.5 bits. Twelve characters of this alphabet cannot hold
    # 60 bits at all (59.4 without a check character); the module says why the format wins.
    assert codes.RANDOM_BITS == pytest.approx(11 * math.log2(31))
    assert codes.CODE_LENGTH * math.log2(len(codes.ALPHABET)) < 60


def test_new_codes_come_from_secrets_and_are_valid() -> None:
    seen = {codes.new_code() for _ in range(2000)}
    assert len(seen) == 2000
    for code in seen:
        assert len(code) == 12 and codes.is_valid(code)
    # Every symbol shows up at every random position: no position is fixed or biased to one symbol.
    for position in range(codes.RANDOM_LENGTH):
        assert len({code[position] for code in seen}) == 31


def test_new_code_draws_its_characters_with_the_given_chooser() -> None:
    calls = []

    def chooser(alphabet: str) -> str:
        calls.append(alphabet)
        return secrets.choice(alphabet)

    codes.new_code(chooser)
    assert calls == [codes.ALPHABET] * codes.RANDOM_LENGTH


@given(valid_code)
def test_every_generated_code_is_printed_in_three_groups_and_parses_back(code: str) -> None:
    printed = codes.display(code)
    assert len(printed) == 14 and printed[4] == printed[9] == "-"
    assert printed.replace("-", "") == code
    for typed in (printed, code, code.lower(), printed.lower(), f"  {printed[:7]} {printed[7:]} "):
        assert codes.parse(typed) == code


@given(valid_code, st.integers(0, codes.CODE_LENGTH - 1), st.sampled_from(codes.ALPHABET))
def test_every_single_character_substitution_is_rejected(code: str, position: int, symbol: str) -> None:
    typo = code[:position] + symbol + code[position + 1 :]
    if typo == code:
        return
    assert not codes.is_valid(typo)
    with pytest.raises(codes.InvalidCode, match="typo"):
        codes.parse(typo)


@given(valid_code, st.integers(0, codes.CODE_LENGTH - 2))
def test_every_adjacent_transposition_is_rejected(code: str, position: int) -> None:
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    if swapped == code:
        return
    assert not codes.is_valid(swapped)


def test_exhaustively_every_substitution_and_swap_of_some_codes_is_rejected() -> None:
    # Hypothesis samples; this walks every typo of a few hundred codes.
    for _ in range(300):
        code = codes.new_code()
        for position in range(codes.CODE_LENGTH):
            for symbol in codes.ALPHABET:
                if symbol != code[position]:
                    assert not codes.is_valid(code[:position] + symbol + code[position + 1 :])
        for position in range(codes.CODE_LENGTH - 1):
            a, b = code[position], code[position + 1]
            if a != b:
                assert not codes.is_valid(code[:position] + b + a + code[position + 2 :])


@given(body)
def test_the_check_character_is_the_only_one_that_completes_a_body(prefix: str) -> None:
    completions = [symbol for symbol in codes.ALPHABET if codes.is_valid(prefix + symbol)]
    assert completions == [codes.check_character(prefix)]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("ABCD-EFGH-JK", "12 characters"),
        ("ABCD-EFGH-JKMNP", "12 characters"),
        ("ABCD-EFGH-JK0M", "'0'"),
        ("ABCD-EFGH-JKOM", "'O'"),
        ("IBCD-EFGH-JK1L", "'1', 'I', 'L'"),
        ("ABCD-EFGH-JK?M", "'?'"),
    ],
)
def test_text_that_cannot_be_a_code_says_why(typed: str, message: str) -> None:
    with pytest.raises(codes.InvalidCode, match=message.replace("?", r"\?")):
        codes.parse(typed)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "a voucher code has 12 characters (XXXX-XXXX-XXXX)"),
        ("fr", "Un code de chèque compte 12 caractères (XXXX-XXXX-XXXX)"),
        ("nl", "Een chequecode heeft 12 tekens (XXXX-XXXX-XXXX)"),
    ],
)
def test_a_code_of_the_wrong_length_is_refused_with_its_printed_form(locale: str, expected: str) -> None:
    from inventory.i18n import told

    with pytest.raises(codes.InvalidCode) as refused:
        codes.parse("ABCD-EFGH")
    assert told(locale, refused.value.message, **refused.value.values) == expected
