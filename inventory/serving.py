"""What `relais serve` does before uvicorn starts its workers: the demo database, the first-run
setup address, the metrics folder shared by the workers, and the logging configuration.

Everything here runs once, in the process that starts the workers; what the workers must share
(the demo database's URL, the metrics folder) goes to them through the environment.
"""

from __future__ import annotations

import logging
import logging.config
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from inventory import logs
from inventory.settings import get_settings, reload_settings

log = logging.getLogger("relais.serve")

# The demo lives apart from the real database, beside it in var/demo/.
DEMO_FOLDER = Path("var") / "demo"
DEMO_DATABASE_URL = f"sqlite:///{DEMO_FOLDER / 'relais-demo.sqlite3'}"
DEMO_PASSWORD_FILE = DEMO_FOLDER / "password"
# How long a worker waits for requests in flight once told to stop (SIGTERM), in seconds.
GRACEFUL_SHUTDOWN_SECONDS = 30


def configure_logging() -> dict:
    """Logging in the configured format (RELAIS_LOG_FORMAT) for this process; the same
    configuration goes to uvicorn, which applies it in each worker."""
    config = logs.logging_config(get_settings().log_format)
    logging.config.dictConfig(config)
    return config


def use_demo_database() -> None:
    """Point this process and the workers it starts at the demo database: never the real one."""
    DEMO_FOLDER.mkdir(parents=True, exist_ok=True)
    os.environ["RELAIS_DATABASE_URL"] = DEMO_DATABASE_URL
    reload_settings()


def demo_password() -> str:
    """RELAIS_PASSWORD, else the password chosen when the demo was filled (kept beside it)."""
    if os.environ.get("RELAIS_PASSWORD"):
        return os.environ["RELAIS_PASSWORD"]
    if DEMO_PASSWORD_FILE.exists():
        return DEMO_PASSWORD_FILE.read_text().strip()
    password = "demo-" + secrets.token_urlsafe(12)
    descriptor = os.open(DEMO_PASSWORD_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(password)
    return password


async def fill_demo() -> list[str]:
    """Seed the demo database the first time; the lines telling who can log in, and how."""
    from inventory.accounts.tables import User
    from inventory.devices.tables import Device
    from inventory.operations.demo import seed_demo

    password = demo_password()
    if not await Device.count():
        await seed_demo(password)
    users = await User.select(User.username, User.role).order_by(User.id)
    lines = [f"Demo mode: a separate demo database ({DEMO_DATABASE_URL}); the real one is untouched."]
    lines.append("Log in as any of these users, all with the password " + password + ":")
    lines.extend(f"  {row['username']:16} {row['role']}" for row in users)
    return lines


async def setup_lines(base_url: str) -> list[str]:
    """When the database has no user: the one-time address that creates the first coordinator."""
    from inventory.setup import service

    token = await service.issue_token()
    if token is None:
        return []
    return [
        "First run: no account exists yet. Open this address to create the first coordinator "
        "account (it works once):",
        f"  {base_url}{service.SETUP_PATH}{token}",
    ]


def serve(host: str, port: int, workers: int, *, demo: bool = False) -> int:
    """`relais serve`: migrations, the demo or the setup address, then uvicorn's workers."""
    import uvicorn

    from inventory.contributions import run_with_database

    if demo:
        use_demo_database()
    if host not in {"0.0.0.0", "::"} and not os.environ.get("RELAIS_ALLOWED_HOSTS"):  # noqa: S104
        hosts = {*get_settings().allowed_hosts, host}
        os.environ["RELAIS_ALLOWED_HOSTS"] = ",".join(sorted(hosts))
    log_config = configure_logging()
    metrics_folder, owned = prepare_metrics_folder()
    base_url = public_base_url(host, port)

    async def start() -> list[str]:
        lines = await fill_demo() if demo else []
        return lines + await setup_lines(base_url)

    for line in run_with_database(start):
        log.warning("%s", line)
    log.info("Relais listening on %s", base_url)
    try:
        uvicorn.run(
            "inventory.asgi:app",
            host=host,
            port=port,
            workers=workers,
            log_config=log_config,
            # Access logs would record query strings, and searches can hold beneficiaries' names.
            access_log=False,
            # The client's address is the socket's peer; a proxy's X-Forwarded-For is read by the
            # app itself, and only from the proxies RELAIS_TRUSTED_PROXIES names.
            proxy_headers=False,
            server_header=False,
            # On SIGTERM, requests in flight get this long to finish (then the app's shutdown
            # releases the reminders its sweep had claimed).
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        )
    finally:
        if owned and metrics_folder is not None:
            shutil.rmtree(metrics_folder, ignore_errors=True)
    return 0


def prepare_metrics_folder() -> tuple[Path | None, bool]:
    """When metrics are on, the folder where every worker writes its samples
    (prometheus-client's multiprocess mode): PROMETHEUS_MULTIPROC_DIR if set, else a fresh
    temporary folder; emptied now, so samples of an earlier run are not counted again."""
    if not get_settings().metrics_token:
        return None, False
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if configured:
        folder = Path(configured)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()
        return folder, False
    folder = Path(tempfile.mkdtemp(prefix="relais-metrics-"))
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    return folder, True


def public_base_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in {"0.0.0.0", ""} else "[::1]" if host == "::" else host  # noqa: S104
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"
