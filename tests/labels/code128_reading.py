"""A Code 128 decoder of module strings ('1' bar, '0' space), written from ISO/IEC 15417 and
independent of python-barcode, so that tests can check that what is printed reads back as
the value it was given."""

from __future__ import annotations

# The 107 symbols as the widths of their bar, space, bar, space, bar, space (the stop symbol
# has a seventh, final bar), symbol values 0 to 106 in order.
_WIDTHS = """
212222 222122 222221 121223 121322 131222 122213 122312 132212 221213
221312 231212 112232 122132 122231 113222 123122 123221 223211 221132
221231 213212 223112 312131 311222 321122 321221 312212 322112 322211
212123 212321 232121 111323 131123 131321 112313 132113 132311 211313
231113 231311 112133 112331 132131 113123 113321 133121 313121 211331
231131 213113 213311 213131 311123 311321 331121 312113 312311 332111
314111 221411 431111 111224 111422 121124 121421 141122 141221 112214
112412 122114 122411 142112 142211 241211 221114 413111 241112 134111
111242 121142 121241 114212 124112 124211 411212 421112 421211 212141
214121 412121 111143 111341 131141 114113 114311 411113 411311 113141
114131 311141 411131 211412 211214 211232 2331112
""".split()
assert len(_WIDTHS) == 107


def _modules(widths: str) -> str:
    return "".join(("1" if index % 2 == 0 else "0") * int(width) for index, width in enumerate(widths))


SYMBOLS: dict[str, int] = {_modules(widths): value for value, widths in enumerate(_WIDTHS)}
STOP = _modules(_WIDTHS[106])
START_A, START_B, START_C = 103, 104, 105
CODE_C, CODE_B, CODE_A, SHIFT, FNC1 = 99, 100, 101, 98, 102


class Unreadable(ValueError):
    """The modules are not a valid Code 128 symbol."""


def symbol_values(modules: str) -> list[int]:
    """The symbol values between the start character (included) and the stop (excluded),
    check character included, after checking the stop pattern and every symbol."""
    if not modules.endswith(STOP):
        raise Unreadable("no stop pattern at the end")
    body = modules[: -len(STOP)]
    if len(body) % 11:
        raise Unreadable(f"{len(body)} modules before the stop is not a whole number of symbols")
    values = []
    for start in range(0, len(body), 11):
        pattern = body[start : start + 11]
        if pattern not in SYMBOLS:
            raise Unreadable(f"no symbol has the pattern {pattern}")
        values.append(SYMBOLS[pattern])
    return values


def decode(modules: str) -> str:
    """The text a Code 128 module string carries; raises Unreadable on any flaw."""
    values = symbol_values(modules)
    if len(values) < 2:
        raise Unreadable("a start and a check character at least")
    *data, check = values
    if sum(value * max(position, 1) for position, value in enumerate(data)) % 103 != check:
        raise Unreadable("check character does not match")
    start, *symbols = data
    code_set = {START_A: "A", START_B: "B", START_C: "C"}.get(start)
    if code_set is None:
        raise Unreadable(f"symbol {start} is not a start character")
    text = []
    shifted = False
    for value in symbols:
        current = ("B" if code_set == "A" else "A") if shifted else code_set
        shifted = False
        if value >= START_A:
            raise Unreadable(f"start character {value} inside the barcode")
        if current == "C":
            if value < 100:
                text.append(f"{value:02d}")
            elif value == CODE_B:
                code_set = "B"
            elif value == CODE_A:
                code_set = "A"
            elif value != FNC1:
                raise Unreadable(f"symbol {value} means nothing in code set C")
            continue
        if current == "B" and value < 96:
            text.append(chr(32 + value))
        elif current == "A" and value < 64:
            text.append(chr(32 + value))
        elif current == "A" and value < 96:
            text.append(chr(value - 64))
        elif value == SHIFT:
            shifted = True
        elif value == CODE_C:
            code_set = "C"
        elif value == (CODE_A if current == "B" else CODE_B):
            code_set = "A" if current == "B" else "B"
        else:
            raise Unreadable(f"symbol {value} (a function character) in code set {current}")
    return "".join(text)
