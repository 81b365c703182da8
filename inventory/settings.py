"""One frozen settings object, read from the environment and a `.env` file."""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dotenv import dotenv_values

DEFAULT_DATABASE_URL = "sqlite:///var/relais.sqlite3"


@dataclass(frozen=True)
class ReminderSettings:
    """When return reminders go out, in days relative to the due date."""

    before_due_days: int = 7
    after_due_days: tuple[int, ...] = (3,)
    escalation_days: int = 10
    decision_days: int = 30
    sweep_interval_seconds: int = 300
    send_hour: int = 9


@dataclass(frozen=True)
class LoginThrottleSettings:
    """How failed log-ins slow down (README, "Passwords and log-in throttling").

    Each counter allows `free` attempts, then makes the next one wait 1 s, 2 s, 4 s... up to
    `max_delay_seconds`; it is forgotten `window_minutes` after its last counted attempt.
    """

    username_free: int = 5
    username_max_delay_seconds: int = 60
    address_free: int = 30
    address_max_delay_seconds: int = 15 * 60
    window_minutes: int = 60


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = ""
    org_name: str = "Relais"
    asset_tag_prefix: str = "RL"
    smtp_url: str | None = None
    mail_from: str = "relais@localhost"
    timezone: str = "Europe/Brussels"
    label_line: str = ""
    allowed_hosts: tuple[str, ...] = ("localhost", "127.0.0.1", "[::1]")
    token_lifetime_hours: int = 12
    max_request_body_bytes: int = 1_048_576
    login: LoginThrottleSettings = field(default_factory=LoginThrottleSettings)
    # Reverse proxies whose X-Forwarded-For names the client (inventory/accounts/throttle.py).
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    retention_months: int = 24
    sms_gateway_url: str | None = None
    https: bool = False
    reminders: ReminderSettings = field(default_factory=ReminderSettings)
    # Accessory kinds the desk offers, in order (codes of inventory/loans/accessories.py).
    accessory_kinds: tuple[str, ...] = ()
    # "plain" (default) or "json": one JSON object per line (inventory/logs.py).
    log_format: str = "plain"
    # /metrics is served only when this is set, to requests bearing it (inventory/metrics.py).
    metrics_token: str | None = None
    # Where the public reach the service (RELAIS_PUBLIC_URL, e.g. https://relais.example.org):
    # the address printed on documents, such as a wipe certificate's verification address.
    public_url: str = ""

    @property
    def base_url(self) -> str:
        """The public address, else one made of the first allowed host."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = self.allowed_hosts[0] if self.allowed_hosts else "localhost"
        return f"{'https' if self.https else 'http'}://{host}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")

    @property
    def sqlite_path(self) -> Path:
        return Path(self.database_url.removeprefix("sqlite:///"))

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with some fields replaced: how tests and the CLI adjust settings."""
        # Any as in dataclasses.replace's own signature: each field has its own type, and
        # replace refuses a name that is not a field.
        return replace(self, **changes)


def _environment() -> dict[str, str]:
    """`.env` in the working directory first, then the real environment on top of it."""
    values = {k: v for k, v in dotenv_values(".env").items() if v is not None}
    values.update(os.environ)
    return values


def _secret_key(env: dict[str, str], database_url: str) -> str:
    """The configured key, else one generated once and kept beside the SQLite file."""
    if env.get("RELAIS_SECRET_KEY"):
        return env["RELAIS_SECRET_KEY"]
    folder = (
        Path(database_url.removeprefix("sqlite:///")).parent
        if database_url.startswith("sqlite:")
        else Path("var")
    )
    key_file = folder / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: when several workers start at once, the first writer wins and the rest read it.
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key)
    return key


def _asset_tag_prefix(value: str) -> str:
    prefix = value.strip().upper()
    # Tags are stored in 20 characters and must fit a barcode on the smaller labels.
    if not re.fullmatch(r"[A-Z0-9]{1,10}", prefix):
        raise ValueError(f"RELAIS_ASSET_TAG_PREFIX must be 1 to 10 letters or digits, not {value!r}")
    return prefix


def _days(value: str, name: str) -> tuple[int, ...]:
    try:
        days = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError as error:
        raise ValueError(
            f"{name} must be whole numbers of days separated by commas, not {value!r}"
        ) from error
    if any(day < 0 or day > 365 for day in days):
        raise ValueError(f"{name} must be between 0 and 365 days")
    return days


def _trusted_proxies(value: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """RELAIS_TRUSTED_PROXIES: IP addresses or CIDR networks, separated by commas."""
    networks = []
    for part in value.split(","):
        if not part.strip():
            continue
        try:
            networks.append(ipaddress.ip_network(part.strip(), strict=False))
        except ValueError as error:
            raise ValueError(
                f"RELAIS_TRUSTED_PROXIES must be IP addresses or networks (CIDR) separated by commas, "
                f"not {part.strip()!r}"
            ) from error
    return tuple(networks)


def _reminders(env: dict[str, str]) -> ReminderSettings:
    """The reminder schedule, in days relative to the due date (see README)."""
    defaults = ReminderSettings()

    def one(name: str, default: int) -> int:
        values = _days(env.get(name, str(default)), name)
        if len(values) != 1:
            raise ValueError(f"{name} takes one number of days")
        return values[0]

    send_hour = int(env.get("RELAIS_REMINDER_SEND_HOUR", str(defaults.send_hour)))
    if not 0 <= send_hour <= 23:
        raise ValueError("RELAIS_REMINDER_SEND_HOUR must be an hour from 0 to 23")
    sweep = env.get("RELAIS_REMINDER_SWEEP_SECONDS", str(defaults.sweep_interval_seconds))
    if not sweep.isdigit() or not 1 <= int(sweep) <= 86_400:
        raise ValueError("RELAIS_REMINDER_SWEEP_SECONDS must be a number of seconds from 1 to 86400")
    return ReminderSettings(
        sweep_interval_seconds=int(sweep),
        before_due_days=one("RELAIS_REMINDER_BEFORE_DUE_DAYS", defaults.before_due_days),
        after_due_days=_days(
            env.get("RELAIS_REMINDER_AFTER_DUE_DAYS", ",".join(map(str, defaults.after_due_days))),
            "RELAIS_REMINDER_AFTER_DUE_DAYS",
        ),
        escalation_days=one("RELAIS_REMINDER_ESCALATION_DAYS", defaults.escalation_days),
        decision_days=one("RELAIS_REMINDER_DECISION_DAYS", defaults.decision_days),
        send_hour=send_hour,
    )


def _accessory_kinds(value: str) -> tuple[str, ...]:
    """RELAIS_ACCESSORY_KINDS as codes; which codes exist is the loans domain's to say
    (inventory/loans/accessories.py: the desk offers the known ones, `relais check` names the rest)."""
    codes: list[str] = []
    for part in value.split(","):
        code = part.strip().lower()
        if code and code not in codes:
            codes.append(code)
    return tuple(codes)


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = _environment() if env is None else env
    database_url = env.get("RELAIS_DATABASE_URL", DEFAULT_DATABASE_URL)
    hosts = env.get("RELAIS_ALLOWED_HOSTS")
    return Settings(
        database_url=database_url,
        secret_key=_secret_key(env, database_url),
        org_name=env.get("RELAIS_ORG_NAME", "Relais"),
        asset_tag_prefix=_asset_tag_prefix(env.get("RELAIS_ASSET_TAG_PREFIX", "RL")),
        smtp_url=env.get("RELAIS_SMTP_URL") or None,
        mail_from=env.get("RELAIS_MAIL_FROM", "relais@localhost"),
        timezone=env.get("RELAIS_TIMEZONE", "Europe/Brussels"),
        label_line=env.get("RELAIS_LABEL_LINE", ""),
        allowed_hosts=tuple(h.strip() for h in hosts.split(",") if h.strip())
        if hosts
        else Settings.allowed_hosts,
        token_lifetime_hours=int(env.get("RELAIS_TOKEN_LIFETIME_HOURS", "12")),
        retention_months=int(env.get("RELAIS_RETENTION_MONTHS", "24")),
        sms_gateway_url=env.get("RELAIS_SMS_GATEWAY_URL") or None,
        https=env.get("RELAIS_HTTPS", "").lower() in {"1", "true", "yes"},
        public_url=env.get("RELAIS_PUBLIC_URL", "").strip().rstrip("/"),
        trusted_proxies=_trusted_proxies(env.get("RELAIS_TRUSTED_PROXIES", "")),
        reminders=_reminders(env),
        log_format=_log_format(env.get("RELAIS_LOG_FORMAT", "plain")),
        metrics_token=env.get("RELAIS_METRICS_TOKEN") or None,
        accessory_kinds=_accessory_kinds(env.get("RELAIS_ACCESSORY_KINDS", "")),
    )


def _log_format(value: str) -> str:
    if value.strip().lower() not in {"plain", "json"}:
        raise ValueError(f"RELAIS_LOG_FORMAT must be plain or json, not {value!r}")
    return value.strip().lower()


_current: Settings | None = None


@lru_cache(maxsize=1)
def _loaded() -> Settings:
    return load_settings()


def get_settings() -> Settings:
    """The settings in force: those set by `use_settings`, else read once from the environment."""
    return _current if _current is not None else _loaded()


def reload_settings() -> Settings:
    """Read the environment again (`relais serve --demo` changes the database URL)."""
    _loaded.cache_clear()
    return get_settings()


def use_settings(settings: Settings | None) -> None:
    """Put other settings in force (tests, the CLI); None goes back to the environment's."""
    global _current
    _current = settings
