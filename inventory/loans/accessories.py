"""Accessory kinds: the things lent with a device that must come back (one home for their names).

A loan records the kinds it includes (codes such as `charger`); a return says which came back
and the loan keeps the missing ones. Which kinds the desk offers, and in what order, is the
deployment's choice (`RELAIS_ACCESSORY_KINDS`, a subset of the kinds below; `relais check`
names a code that is none). Free text that names no kind (a loan before kinds existed, or an
API client's "stylet USB-C") is kept as `accessories_other`: listed on the agreement, not
checked on return.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from inventory.errors import N_
from inventory.terms import Term


class AccessoryKind(Term):
    CHARGER = "charger", N_("Charger")
    MOUSE = "mouse", N_("Mouse")
    BAG = "bag", N_("Bag")
    CASE = "case", N_("Case")
    HEADSET = "headset", N_("Headset")
    KEYBOARD = "keyboard", N_("Keyboard")
    DONGLE_4G = "dongle_4g", N_("4G dongle")
    STYLUS = "stylus", N_("Stylus")


# Words people typed for each kind, in French, Dutch and English (folded: lower case, no
# accents). Only words that name one kind without doubt: "adaptateur" (which adapter?) or
# "câble" stay free text. The migration of free-text accessories and the API use this list.
KNOWN_WORDS: dict[AccessoryKind, tuple[str, ...]] = {
    AccessoryKind.CHARGER: (
        "charger",
        "chargeur",
        "chargeur secteur",
        "oplader",
        "lader",
        "power supply",
        "alimentation",
        "bloc d'alimentation",
        "voeding",
    ),
    AccessoryKind.MOUSE: ("mouse", "souris", "muis"),
    AccessoryKind.BAG: (
        "bag",
        "sac",
        "sacoche",
        "sac a dos",
        "backpack",
        "laptop bag",
        "tas",
        "laptoptas",
        "rugzak",
    ),
    AccessoryKind.CASE: ("case", "housse", "etui", "coque", "hoes", "hoesje", "sleeve"),
    AccessoryKind.HEADSET: (
        "headset",
        "headphones",
        "casque",
        "casque audio",
        "ecouteurs",
        "koptelefoon",
        "hoofdtelefoon",
        "oortjes",
    ),
    AccessoryKind.KEYBOARD: ("keyboard", "clavier", "toetsenbord"),
    AccessoryKind.DONGLE_4G: (
        "4g dongle",
        "dongle 4g",
        "4g-dongle",
        "cle 4g",
        "modem 4g",
        "4g modem",
        "dongle",
    ),
    AccessoryKind.STYLUS: ("stylus", "stylet"),
}

DEFAULT_OFFERED: tuple[AccessoryKind, ...] = tuple(AccessoryKind)
# A loan lists each kind once; free-text items are capped too (typing mistakes, not kits).
MAX_OTHER_ITEMS = 20


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


_BY_WORD: dict[str, AccessoryKind] = {
    **{fold(word): kind for kind, words in KNOWN_WORDS.items() for word in words},
    **{kind.value: kind for kind in AccessoryKind},
}


def kind_of(text: str) -> AccessoryKind | None:
    """The kind a code or a known word names, else None."""
    return _BY_WORD.get(fold(text).replace("_", " ")) or _BY_WORD.get(fold(text))


def split(items: Iterable[str]) -> tuple[list[str], list[str]]:
    """Known kinds (codes, in the order of the vocabulary, each once) and the other items as typed."""
    kinds: set[AccessoryKind] = set()
    other: list[str] = []
    for item in items:
        cleaned = " ".join(item.split())
        if not cleaned:
            continue
        kind = kind_of(cleaned)
        if kind is None:
            if cleaned not in other:
                other.append(cleaned)
        else:
            kinds.add(kind)
    return ordered(kinds), other


def ordered(codes: Iterable[str]) -> list[str]:
    wanted = set(codes)
    return [kind.value for kind in AccessoryKind if kind.value in wanted]


def missing(lent: Sequence[str], returned: Iterable[str]) -> list[str]:
    back = set(returned)
    return [code for code in lent if code not in back]


def offered(configured: Sequence[str]) -> list[str]:
    """The kinds the desk proposes: the settings' choice, in its order, else every kind. A code
    the vocabulary does not know is left out (`relais check` names it)."""
    known = [code for code in configured if AccessoryKind.read(code) is not None]
    return known or [kind.value for kind in DEFAULT_OFFERED]


def unknown(configured: Sequence[str]) -> list[str]:
    """The configured codes that name no kind."""
    return [code for code in configured if AccessoryKind.read(code) is None]
