"""The rules for usernames and passwords: one home, read by the API, the web UI and the CLI.

Both rules look at text after Unicode NFKC normalisation, so full-width letters, ligatures
and other compatibility forms are judged by what they look like, not by how they are encoded.
"""

from __future__ import annotations

import functools
import gzip
import re
import secrets
import unicodedata
from importlib import resources

from inventory.accounts.tables import User
from inventory.errors import N_, Nn_
from inventory.text import column_length

Problem = tuple[str, dict[str, object]]

USERNAME_MIN_LENGTH = 3
USERNAME_MAX_LENGTH = column_length(User.username)
_USERNAME = re.compile(r"[a-z0-9._-]+")
# What the API's schema accepts before normalisation: the same characters in either case
# (an upper-case letter is stored lower-case); the web form and the CLI normalise first.
USERNAME_SCHEMA_PATTERN = rf"^[A-Za-z0-9._-]{{{USERNAME_MIN_LENGTH},{USERNAME_MAX_LENGTH}}}$(?!\n)"

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MIN_DISTINCT_CHARACTERS = 5
# Unicode categories no one can see or type on purpose: controls, format characters (zero-width
# space and joiners, direction marks, soft hyphen), surrogates, private use, unassigned, and
# the line and paragraph separators.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# Letters that render as blank space although Unicode counts them as letters.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# SecLists' "10-million-password-list-top-100000.txt" (Passwords/Common-Credentials), gzipped.
COMMON_PASSWORDS_FILE = "common-passwords-100k.txt.gz"
# Temporary passwords given by a reset: no 0/o, 1/l/i to misread when dictated.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


FULL_NAME_MAX_LENGTH = column_length(User.full_name)
_NAME_SEPARATORS = re.compile(r"[._\-]+")


def default_full_name(username: str) -> str:
    """The name a user gets when none is typed: 'jean.dupont' becomes 'Jean Dupont'."""
    parts = [part for part in _NAME_SEPARATORS.split(username) if part]
    return " ".join(part[:1].upper() + part[1:] for part in parts)[:FULL_NAME_MAX_LENGTH] or username


def display_name(full_name: str | None, username: str) -> str:
    """How a member of staff is named on documents: their full name, else their username."""
    return (full_name or "").strip() or username


def normalise_username(raw: str) -> str:
    """The form a username is stored and looked up in: NFKC, without surrounding spaces, lower-case."""
    return unicodedata.normalize("NFKC", raw).strip().lower()


def username_problem(username: str) -> Problem | None:
    """Why a (normalised) username is refused, as a message marked for translation and its
    values; None when it is acceptable. Too long is refused, never cut."""
    if len(username) < USERNAME_MIN_LENGTH:
        return Nn_(
            "username must be at least %(min_length)s character",
            "username must be at least %(min_length)s characters",
            "min_length",
        ), {"min_length": USERNAME_MIN_LENGTH}
    if len(username) > USERNAME_MAX_LENGTH:
        return Nn_(
            "username must be at most %(max_length)s character",
            "username must be at most %(max_length)s characters",
            "max_length",
        ), {"max_length": USERNAME_MAX_LENGTH}
    if not _USERNAME.fullmatch(username):
        return N_("username may only contain letters a to z, digits, dots, hyphens and underscores"), {}
    return None


def has_invisible_characters(text: str) -> bool:
    return any(
        unicodedata.category(character) in _INVISIBLE_CATEGORIES or character in _BLANK_LETTERS
        for character in text
    )


@functools.cache
def common_passwords() -> frozenset[str]:
    """The most common passwords long enough to pass the length rule, case-folded.

    Shorter ones are refused by the length rule anyway, so only those are kept in memory.
    """
    data = resources.files("inventory.accounts").joinpath("data", COMMON_PASSWORDS_FILE).read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return frozenset(
        folded
        for line in lines
        if len(folded := unicodedata.normalize("NFKC", line).casefold()) >= MIN_PASSWORD_LENGTH
    )


def password_problem(password: str, username: str | None = None) -> Problem | None:
    """Why a new password is refused, as a message marked for translation and its values;
    None when it is acceptable. Lengths count characters after NFKC normalisation."""
    if has_invisible_characters(password):
        return N_("password must not contain control or invisible characters"), {}
    normalised = unicodedata.normalize("NFKC", password)
    if normalised.strip() == "":
        return N_("password must not be blank"), {}
    if len(normalised) < MIN_PASSWORD_LENGTH:
        return Nn_(
            "password must be at least %(min_length)s character",
            "password must be at least %(min_length)s characters",
            "min_length",
        ), {"min_length": MIN_PASSWORD_LENGTH}
    if len(normalised) > MAX_PASSWORD_LENGTH:
        return Nn_(
            "password must be at most %(max_length)s character",
            "password must be at most %(max_length)s characters",
            "max_length",
        ), {"max_length": MAX_PASSWORD_LENGTH}
    folded = normalised.casefold()
    if len(set(folded)) < MIN_DISTINCT_CHARACTERS:
        return (
            Nn_(
                "password must use at least %(min_distinct)s different character",
                "password must use at least %(min_distinct)s different characters",
                "min_distinct",
            ),
            {"min_distinct": MIN_DISTINCT_CHARACTERS},
        )
    if username is not None and folded.strip() == normalise_username(username).casefold():
        return N_("password must not be the username"), {}
    if folded in common_passwords():
        return N_("this password is among the most common ones; choose another"), {}
    return None


def temporary_password() -> str:
    """A password for a reset, given to its user once: 16 random characters in groups of four
    (about 78 bits), which always passes the policy."""
    characters = "".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(16))
    return "-".join(characters[start : start + 4] for start in range(0, 16, 4))
