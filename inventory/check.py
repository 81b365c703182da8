"""`relais check`: read the configuration and try each part for real, one line per part.

Nothing here changes the database: it is reached and its applied migrations read, never
migrated. The SMTP server gets an EHLO (and, with `--mail-to`, a test message); the SMS gateway
a GET (and, with `--sms-to`, a test SMS). Each line is `ok` or `PROBLEM` with how to fix it;
the command exits 1 when any part has a problem.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import sqlite3
import subprocess
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from inventory.contributions import Commands
from inventory.i18n import ngettext
from inventory.settings import Settings

COMMANDS = Commands()
command = COMMANDS.command

TIMEOUT_SECONDS = 10.0
MIN_SECRET_KEY_LENGTH = 32
MIN_SECRET_KEY_DISTINCT = 12
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})


@dataclass(frozen=True)
class Finding:
    part: str
    ok: bool
    text: str

    def line(self) -> str:
        return f"{'ok' if self.ok else 'PROBLEM':8} {self.part}: {self.text}"


def ok(part: str, text: str) -> Finding:
    return Finding(part, True, text)


def problem(part: str, text: str) -> Finding:
    return Finding(part, False, text)


def _where(url: str) -> str:
    """A database URL without its password, to print."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


# The database -------------------------------------------------------------------------------------


async def check_database(settings: Settings) -> list[Finding]:
    from piccolo.apps.migrations.commands.base import BaseMigrationManager

    from inventory.piccolo_conf import APP_REGISTRY

    url = settings.database_url
    try:
        if settings.is_sqlite:
            product, applied = _sqlite_state(settings.sqlite_path)
        elif url.startswith(("postgresql:", "postgres:")):
            product, applied = await _postgres_state(url)
        else:
            return [
                problem(
                    "database",
                    f"unsupported RELAIS_DATABASE_URL {_where(url)!r}. Fix: sqlite:///PATH or "
                    "postgresql://user:password@host:5432/database",
                )
            ]
    except FileNotFoundError:
        return [
            problem(
                "database",
                f"no database file at {settings.sqlite_path}. Fix: check RELAIS_DATABASE_URL, "
                "or create it with `relais migrate`",
            )
        ]
    except Exception as error:  # every way of not reaching it is reported, with its reason
        return [
            problem(
                "database",
                f"cannot reach {_where(url)} ({_reason(error)}). Fix: check RELAIS_DATABASE_URL "
                "(host, port, database name, user and password) and that the server runs",
            )
        ]
    manager = BaseMigrationManager()
    pending = []
    for app in APP_REGISTRY.app_configs.values():
        modules = manager.get_migration_modules(app.resolved_migrations_folder_path)
        for migration_id in manager.get_migration_ids(modules):
            if (app.app_name, migration_id) not in applied:
                pending.append(f"{app.app_name} {migration_id}")
    if pending:
        return [
            problem(
                "database",
                ngettext(
                    "en",
                    "%(product)s is reachable but %(num)s migration is not applied (first: %(first)s). "
                    "Fix: back up, then run `relais migrate`",
                    "%(product)s is reachable but %(num)s migrations are not applied (first: %(first)s). "
                    "Fix: back up, then run `relais migrate`",
                    len(pending),
                    product=product,
                    first=pending[0],
                ),
            )
        ]
    return [ok("database", f"{product}, reachable, every migration applied")]


def _sqlite_state(path: Path) -> tuple[str, set[tuple[str, str]]]:
    """The SQLite version and the migrations applied, read only (the file is never created)."""
    if not path.exists():
        raise FileNotFoundError(path)
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=TIMEOUT_SECONDS)
    try:
        version = connection.execute("SELECT sqlite_version()").fetchone()[0]
        has_table = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migration'"
        ).fetchone()
        rows = connection.execute("SELECT app_name, name FROM migration").fetchall() if has_table else []
    finally:
        connection.close()
    return f"SQLite {version} at {path}", {(app, name) for app, name in rows}


async def _postgres_state(url: str) -> tuple[str, set[tuple[str, str]]]:
    import asyncpg

    connection = await asyncpg.connect(url, timeout=TIMEOUT_SECONDS)
    try:
        version = await connection.fetchval("SHOW server_version")
        has_table = await connection.fetchval("SELECT to_regclass('migration') IS NOT NULL")
        rows = await connection.fetch("SELECT app_name, name FROM migration") if has_table else []
    finally:
        await connection.close()
    return f"PostgreSQL {version}", {(row["app_name"], row["name"]) for row in rows}


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


async def check_backup_tools(settings: Settings) -> list[Finding]:
    if settings.is_sqlite:
        return [ok("backup tools", "SQLite: `relais backup` uses SQLite's backup API, no tool needed")]
    missing = [name for name in ("pg_dump", "pg_restore") if shutil.which(name) is None]
    if missing:
        return [
            problem(
                "backup tools",
                f"{' and '.join(missing)} not found on the PATH. Fix: install the PostgreSQL client "
                "programs of the server's version or newer (Debian: postgresql-client)",
            )
        ]
    found = subprocess.run(  # noqa: S603, ASYNC221 - a fixed program, once, in a command
        [shutil.which("pg_dump") or "pg_dump", "--version"], capture_output=True, text=True, check=False
    ).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", found)
    client_major = int(match.group(1)) if match else 0
    try:
        import asyncpg

        connection = await asyncpg.connect(settings.database_url, timeout=TIMEOUT_SECONDS)
        try:
            server_major = int(await connection.fetchval("SHOW server_version_num")) // 10000
        finally:
            await connection.close()
    except Exception:  # the database line says why it is unreachable
        return [ok("backup tools", f"pg_dump {client_major} and pg_restore found (server not reached)")]
    if client_major < server_major:
        return [
            problem(
                "backup tools",
                f"pg_dump {client_major} is older than the server ({server_major}) and cannot dump it. "
                f"Fix: install postgresql-client-{server_major} or newer",
            )
        ]
    return [ok("backup tools", f"pg_dump {client_major} and pg_restore found (server {server_major})")]


# Settings that need no network --------------------------------------------------------------------


def check_secret_key(settings: Settings, from_environment: bool) -> list[Finding]:
    key = settings.secret_key
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < MIN_SECRET_KEY_DISTINCT:
        return [
            problem(
                "secret key",
                f"RELAIS_SECRET_KEY is too weak ({len(key)} characters, {len(set(key))} different; "
                f"at least {MIN_SECRET_KEY_LENGTH} and {MIN_SECRET_KEY_DISTINCT} needed). Fix: set it to "
                "the output of `python3 -c 'import secrets; print(secrets.token_urlsafe(48))'`",
            )
        ]
    if from_environment:
        return [ok("secret key", f"set in RELAIS_SECRET_KEY ({len(key)} characters)")]
    note = (
        "; several hosts on one database need the same key: set RELAIS_SECRET_KEY on each"
        if not settings.is_sqlite
        else ""
    )
    return [ok("secret key", f"generated once and kept in a file beside the database{note}")]


def check_hosts_and_https(settings: Settings) -> list[Finding]:
    hosts = [host.lower() for host in settings.allowed_hosts]
    public = [host for host in hosts if host not in _LOCAL_HOSTS]
    findings = []
    if "*" in hosts:
        findings.append(
            problem(
                "hosts",
                "RELAIS_ALLOWED_HOSTS contains '*', which no request's Host matches. "
                "Fix: list the public host names (or '*.example.org' for every subdomain)",
            )
        )
    if settings.https and not public:
        findings.append(
            problem(
                "hosts",
                "RELAIS_HTTPS is on but RELAIS_ALLOWED_HOSTS names only this machine, so every request "
                "through the proxy gets 400. Fix: add the public host name to RELAIS_ALLOWED_HOSTS",
            )
        )
    if public and not settings.https:
        findings.append(
            problem(
                "https",
                f"the service answers to {', '.join(public)} but RELAIS_HTTPS is off: session cookies "
                "would travel without the Secure flag. Fix: serve it behind a TLS reverse proxy and set "
                "RELAIS_HTTPS=1",
            )
        )
    if settings.https and not settings.trusted_proxies:
        findings.append(
            problem(
                "https",
                "RELAIS_HTTPS is on, so a TLS proxy stands in front, but RELAIS_TRUSTED_PROXIES is empty: "
                "log-in throttling would count every client as the proxy. Fix: set RELAIS_TRUSTED_PROXIES "
                "to the proxy's address",
            )
        )
    for network in settings.trusted_proxies:
        if network.prefixlen == 0:
            findings.append(
                problem(
                    "https",
                    f"RELAIS_TRUSTED_PROXIES contains {network}: anyone could choose the address they are "
                    "counted under. Fix: name only the proxy's address or network",
                )
            )
    if not findings:
        scheme = "https" if settings.https else "http"
        proxies = ", ".join(str(network) for network in settings.trusted_proxies) or "none"
        findings.append(
            ok("hosts and https", f"answers to {', '.join(hosts)} over {scheme}; trusted proxies: {proxies}")
        )
    return findings


def check_timezone(settings: Settings) -> list[Finding]:
    try:
        ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return [
            problem(
                "timezone",
                f"RELAIS_TIMEZONE={settings.timezone!r} is not a known time zone. Fix: use a name such as "
                "Europe/Brussels (install the tzdata package if none is known)",
            )
        ]
    return [ok("timezone", f"{settings.timezone}")]


def check_accessory_kinds(settings: Settings) -> list[Finding]:
    from inventory.loans import accessories

    wrong = accessories.unknown(settings.accessory_kinds)
    if wrong:
        known = ", ".join(kind.value for kind in accessories.AccessoryKind)
        return [
            problem(
                "accessories",
                f"RELAIS_ACCESSORY_KINDS names unknown kinds: {', '.join(wrong)}. Fix: choose among {known}",
            )
        ]
    return [ok("accessories", ", ".join(accessories.offered(settings.accessory_kinds)))]


# Messages -----------------------------------------------------------------------------------------


async def check_smtp(settings: Settings, mail_to: str | None) -> list[Finding]:
    import aiosmtplib

    from inventory.loans.channels.mail import smtp_target

    if not settings.smtp_url:
        if mail_to:
            return [problem("smtp", "--mail-to was given but RELAIS_SMTP_URL is not set. Fix: set it")]
        return [ok("smtp", "not configured: reminders go by SMS or as printed letters")]
    try:
        target = smtp_target(settings.smtp_url)
    except ValueError as error:
        return [problem("smtp", f"{error}. Fix: correct RELAIS_SMTP_URL")]
    where = f"{target.host}:{target.port}"
    client = aiosmtplib.SMTP(
        hostname=target.host,
        port=target.port,
        use_tls=target.implicit_tls,
        username=target.username,
        password=target.password,
        timeout=TIMEOUT_SECONDS,
    )
    try:
        await client.connect()
        code, _ = await client.ehlo()
        if mail_to:
            message = EmailMessage()
            message["From"] = settings.mail_from
            message["To"] = mail_to
            message["Subject"] = "Relais: test message from relais check"
            message["Date"] = formatdate(localtime=False)
            message["Message-ID"] = make_msgid(domain=settings.mail_from.rpartition("@")[2] or "localhost")
            message.set_content(
                f"{settings.org_name}: this message was sent by `relais check` to test the e-mail settings.\n"
            )
            await client.send_message(message)
        await client.quit()
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
        return [
            problem(
                "smtp",
                f"the mail server at {where} did not accept "
                f"{'the test message' if mail_to else 'the session'} ({_reason(error)}). Fix: check "
                "RELAIS_SMTP_URL (host, port, smtp:// or smtps://, user and password) and that the "
                "server runs and accepts this machine",
            )
        ]
    finally:
        if client.is_connected:
            client.close()
    sent = (
        f"; a test message went to {mail_to}"
        if mail_to
        else " (add --mail-to ADDRESS to send a test message)"
    )
    return [ok("smtp", f"{where} answers EHLO ({code}){sent}")]


async def check_sms(settings: Settings, sms_to: str | None) -> list[Finding]:
    import httpx

    from inventory.loans.channels.sms import SmsError, WebhookSmsGateway

    url = settings.sms_gateway_url
    if not url:
        if sms_to:
            return [problem("sms", "--sms-to was given but RELAIS_SMS_GATEWAY_URL is not set. Fix: set it")]
        return [ok("sms", "not configured: beneficiaries with no e-mail get printed letters")]
    if urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).hostname:
        return [problem("sms", f"RELAIS_SMS_GATEWAY_URL is not an http(s) address. Fix: correct {url!r}")]
    if sms_to:
        gateway = WebhookSmsGateway(url)
        try:
            await gateway.send(sms_to, f"{settings.org_name}: test SMS from relais check.")
        except SmsError as error:
            return [
                problem("sms", f"the gateway did not take the test SMS ({error}). Fix: check the gateway")
            ]
        finally:
            await gateway.close()
        return [ok("sms", f"the gateway took a test SMS to {sms_to}")]
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
            response = await client.get(url)
    except httpx.HTTPError as error:
        return [
            problem(
                "sms",
                f"nothing answers at {urlsplit(url).netloc} ({_reason(error)}). Fix: check "
                "RELAIS_SMS_GATEWAY_URL and that the gateway runs",
            )
        ]
    if response.status_code >= 500:
        return [problem("sms", f"the gateway answers HTTP {response.status_code}. Fix: check the gateway")]
    return [
        ok(
            "sms",
            f"the gateway answers (HTTP {response.status_code} to a GET; "
            "add --sms-to NUMBER to send a test SMS)",
        )
    ]


# The command --------------------------------------------------------------------------------------


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mail-to", metavar="ADDRESS", help="send a test e-mail to this address")
    parser.add_argument("--sms-to", metavar="NUMBER", help="send a test SMS to this phone number")


async def run_checks(
    settings: Settings, from_environment: bool, mail_to: str | None, sms_to: str | None
) -> list[Finding]:
    findings: list[Finding] = []
    steps: list[Callable[[], Awaitable[list[Finding]]]] = [
        lambda: check_database(settings),
        lambda: check_backup_tools(settings),
        lambda: check_smtp(settings, mail_to),
        lambda: check_sms(settings, sms_to),
    ]
    findings += check_secret_key(settings, from_environment)
    findings += check_hosts_and_https(settings)
    findings += check_timezone(settings)
    findings += check_accessory_kinds(settings)
    for step in steps:
        findings += await step()
    return findings


@command(
    "check", "try the configuration for real: database, secret key, hosts, mail, SMS, backups", _arguments
)
def check(arguments: argparse.Namespace) -> int:
    from inventory.settings import _environment, load_settings

    try:
        settings = load_settings()
    except ValueError as error:
        print(Finding("configuration", False, f"{error}. Fix: correct that variable").line())
        return 1
    from_environment = bool(_environment().get("RELAIS_SECRET_KEY"))
    with warnings.catch_warnings():
        # Piccolo's engine warns when it cannot read the server's version: the database line says why.
        warnings.simplefilter("ignore")
        findings = asyncio.run(run_checks(settings, from_environment, arguments.mail_to, arguments.sms_to))
    for finding in findings:
        print(finding.line())
    problems = sum(not finding.ok for finding in findings)
    print(ngettext("en", "%(num)s problem", "%(num)s problems", problems) if problems else "every part works")
    return 1 if problems else 0
