"""User text made printable by reportlab: Arabic-script names joined and put in visual order.

reportlab draws characters left to right as stored. Without help, an Arabic name comes out as
isolated letters in reverse order. reportlab's own shaping (uharfbuzz) joins letters within a
word but, without its bidi add-on (rlbidi, not on PyPI), leaves the words of a name in the wrong
order; arabic-reshaper (contextual forms, lam-alef ligatures) followed by python-bidi (the
Unicode bidirectional algorithm) gets both right, with the vendored DejaVu fonts.
"""

from __future__ import annotations

import re

import arabic_reshaper
from bidi import get_display

# Hebrew, Arabic, Syriac, Thaana, NKo and the Arabic presentation forms.
_RIGHT_TO_LEFT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def visual(text: str) -> str:
    """`text` in the order and letter forms it must be drawn; unchanged without right-to-left script."""
    if not _RIGHT_TO_LEFT.search(text):
        return text
    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))
