"""Password hashing with Argon2id (memory-hard), and the password policy."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from inventory.errors import N_

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both answers take the same time.
_DUMMY_HASH = _hasher.hash("relais-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> tuple[str, dict[str, object]] | None:
    """Why a new password is refused, as a message marked for translation and its values,
    or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return N_("password must be at least %(min_length)s characters"), {"min_length": MIN_PASSWORD_LENGTH}
    if len(password) > MAX_PASSWORD_LENGTH:
        return N_("password must be at most %(max_length)s characters"), {"max_length": MAX_PASSWORD_LENGTH}
    if password.strip() == "":
        return N_("password must not be blank"), {}
    return None
