"""The verification code of a wipe certificate: an HMAC of what the certificate states.

Pure: the code is computed from the wipe record's own fields and the service's secret, so a
certificate can be checked at `/verify/{certificate_number}/{code}` by anyone holding it,
and a changed number, code or record confirms nothing. The code is short and typeable: 10
characters of Crockford's base32 (digits and capitals without I, L, O, U), 50 bits of the HMAC.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inventory.devices.rows import WipeRow

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
# What a person may type for a character that looks like it (Crockford's rules), and spacing.
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})
_PURPOSE = b"relais wipe certificate v1"


def _moment(value: datetime | str | None) -> str:
    """A time as whole seconds since the epoch: the same on SQLite and PostgreSQL."""
    if value is None:
        return ""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:  # stored times are UTC
        moment = moment.replace(tzinfo=UTC)
    return str(int(moment.timestamp()))


def certificate_content(asset_tag: str, wipe: WipeRow, report_sha256: str | None) -> bytes:
    """What the code vouches for: the certificate's number, device, method, result, times and
    the digest of the original report. Only what never changes after the wipe is recorded."""
    fields = (
        wipe.certificate_number or "",
        asset_tag,
        wipe.method,
        wipe.verification,
        wipe.result,
        str(wipe.passes if wipe.passes is not None else ""),
        _moment(wipe.started_at),
        _moment(wipe.finished_at),
        _moment(wipe.created_at),
        report_sha256 or "",
    )
    return "\x1f".join(fields).encode()


def certificate_code(secret: str, content: bytes) -> str:
    digest = hmac.new(secret.encode() + b"\x00" + _PURPOSE, content, hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big") >> (64 - 5 * CODE_LENGTH)
    return "".join(ALPHABET[(number >> (5 * (CODE_LENGTH - 1 - index))) & 31] for index in range(CODE_LENGTH))


def typed_code(code: str) -> str:
    """A code as typed (any case, dashes or spaces, O for 0, I or L for 1) in its printed form."""
    return code.upper().translate(_TYPED)


def codes_match(expected: str, typed: str) -> bool:
    return hmac.compare_digest(expected.encode(), typed_code(typed).encode())
