"""Voucher codes: an unambiguous alphabet, random bodies from `secrets`, and a check character.

The alphabet has 31 symbols (digits and capitals without 0, O, 1, I and L). 31 is prime, so a
weighted sum modulo 31 makes a check that catches every single-character substitution and
every transposition of two adjacent characters:

    valid  <=>  sum((i + 1) * value(c_i) for i in 0..11) == 0  (mod 31)

A substitution at position i changes the sum by (i + 1) * d with 1 <= i + 1 <= 12 and d != 0,
never a multiple of the prime 31; swapping neighbours i and i + 1 changes it by
(value(c_i) - value(c_i+1)) * ((i + 1) - (i + 2)), again non-zero modulo 31 unless the two
characters are equal (then nothing changed).

Randomness: 11 characters from `secrets` give 11 * log2(31) = 54.5 bits. Twelve characters
of a 31-symbol alphabet cannot carry 60 bits even without a check character (12 * log2(31) =
59.4), so the printed format XXXX-XXXX-XXXX (docs/product.md) caps the randomness; the code is
not a credential (redeeming needs the school's account), which is why the format wins.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Mapping, Sequence

from inventory.errors import N_, InvalidInput, Nn_

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MODULUS = len(ALPHABET)
CODE_LENGTH = 12
RANDOM_LENGTH = CODE_LENGTH - 1
RANDOM_BITS = RANDOM_LENGTH * math.log2(MODULUS)
GROUP = 4
# Characters people type between groups, or that scanners and copy-paste bring along.
SEPARATORS = str.maketrans("", "", "- \t\n\r")

# What a client may send for a code: twelve symbols of the alphabet in any case, a dash or a
# space between them (XXXX-XXXX-XXXX), a scanner's tab or line break around. (The check
# character is verified by `parse`: a typo is a 400 on `code`.)
_SYMBOL = "[2-9A-HJKMNP-Za-hjkmnp-z]"
CODE_PATTERN = f"^[\\t\\n\\r ]{{0,4}}{_SYMBOL}(?:[ -]?{_SYMBOL}){{{CODE_LENGTH - 1}}}[\\t\\n\\r ]{{0,4}}$"
CODE_MAX_LENGTH = 40

_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
# The check character sits at the last position, whose weight is CODE_LENGTH.
_INVERSE_LAST_WEIGHT = pow(CODE_LENGTH, -1, MODULUS)

assert MODULUS == 31 and CODE_LENGTH < MODULUS, "the check needs a prime modulus above every weight"


class InvalidCode(InvalidInput):
    """Text that cannot be a voucher code: a 400 on the field `code` whose message says why,
    for the person who typed it."""

    def __init__(self, message: str, *, values: Mapping[str, object] | None = None) -> None:
        super().__init__(message, values=values, field="code")


def _weighted_sum(symbols: str) -> int:
    return sum((position + 1) * _VALUES[symbol] for position, symbol in enumerate(symbols))


def check_character(body: str) -> str:
    """The character that completes an 11-character body into a valid code."""
    if len(body) != RANDOM_LENGTH or any(symbol not in _VALUES for symbol in body):
        raise InvalidCode(
            Nn_(
                "a code body is %(length)s character of %(alphabet)s",
                "a code body is %(length)s characters of %(alphabet)s",
                "length",
            ),
            values={"length": RANDOM_LENGTH, "alphabet": ALPHABET},
        )
    return ALPHABET[(-_weighted_sum(body) * _INVERSE_LAST_WEIGHT) % MODULUS]


def new_code(choice: Callable[[Sequence[str]], str] = secrets.choice) -> str:
    """A fresh code in compact form (12 characters, no dashes)."""
    body = "".join(choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + check_character(body)


def is_valid(compact: str) -> bool:
    return (
        len(compact) == CODE_LENGTH
        and all(symbol in _VALUES for symbol in compact)
        and _weighted_sum(compact) % MODULUS == 0
    )


def parse(text: str) -> str:
    """The compact code that `text` spells, in any case, with or without dashes and spaces."""
    compact = text.translate(SEPARATORS).upper()
    if len(compact) != CODE_LENGTH:
        raise InvalidCode(
            Nn_(
                "a voucher code has %(length)s character (%(form)s)",
                "a voucher code has %(length)s characters (%(form)s)",
                "length",
            ),
            values={"length": CODE_LENGTH, "form": PRINTED_FORM},
        )
    strangers = sorted({symbol for symbol in compact if symbol not in _VALUES})
    if strangers:
        raise InvalidCode(
            N_("a voucher code never contains %(characters)s; 0, O, 1, I and L are not used"),
            values={"characters": ", ".join(repr(s) for s in strangers)},
        )
    if not is_valid(compact):
        raise InvalidCode(N_("this voucher code has a typo: a character is wrong or two are swapped"))
    return compact


def display(compact: str) -> str:
    """The printed form: groups of GROUP symbols joined by dashes (PRINTED_FORM)."""
    return "-".join(compact[start : start + GROUP] for start in range(0, len(compact), GROUP))


# How a code is printed, for the texts that describe it: XXXX-XXXX-XXXX.
PRINTED_FORM = display("X" * CODE_LENGTH)
