"""Test fixtures: a clean, migrated database per test on SQLite and on PostgreSQL, an app,
a client and one user per role.

Backends come from RELAIS_TEST_BACKENDS (default "sqlite,postgres"). PostgreSQL must be
reachable at RELAIS_TEST_POSTGRES_URL (default the local server on 127.0.0.1:5432): when it
is not, the run fails; it never silently drops a backend.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

# Before any table module is imported: Piccolo binds tables to the engine of this module.
os.environ["PICCOLO_CONF"] = "inventory.piccolo_conf"
os.environ.setdefault(
    "RELAIS_DATABASE_URL",
    "sqlite:///" + str(Path(__file__).parent.parent / "var" / "test-import.sqlite3"),
)

import asyncpg  # noqa: E402
import httpx  # noqa: E402
import pytest  # noqa: E402

from inventory import db  # noqa: E402
from inventory.accounts.passwords import hash_password  # noqa: E402
from inventory.accounts.roles import Role  # noqa: E402
from inventory.settings import Settings, use_settings  # noqa: E402

BACKENDS = [
    b.strip() for b in os.environ.get("RELAIS_TEST_BACKENDS", "sqlite,postgres").split(",") if b.strip()
]
POSTGRES_ADMIN_URL = os.environ.get(
    "RELAIS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
TEST_HOST = "testserver.local"
PASSWORD = "correct horse battery staple"
RUN_ID = f"{os.getpid()}_{secrets.token_hex(3)}"


def settings_for(database_url: str, **overrides: object) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key="test-secret-key-not-for-production",
        org_name="CPAS Test",
        allowed_hosts=(TEST_HOST, "localhost", "127.0.0.1"),
    ).with_overrides(**overrides)


def _postgres_url(database: str) -> str:
    base, _, _ = POSTGRES_ADMIN_URL.rpartition("/")
    return f"{base}/{database}"


async def _admin_connection() -> asyncpg.Connection:
    try:
        return await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    except (OSError, asyncpg.PostgresError) as error:
        pytest.exit(
            f"PostgreSQL is unreachable at {POSTGRES_ADMIN_URL} ({error}); the tests need it. "
            "Start it, or set RELAIS_TEST_BACKENDS=sqlite to run the SQLite half only.",
            returncode=3,
        )
        raise


@dataclass
class Templates:
    """A migrated database per backend that each test copies."""

    sqlite_file: Path | None = None
    postgres_name: str | None = None


@pytest.fixture(scope="session")
def tmp_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("relais")


@pytest.fixture(scope="session")
async def templates(tmp_root: Path) -> AsyncIterator[Templates]:
    result = Templates()
    if "sqlite" in BACKENDS:
        result.sqlite_file = tmp_root / "template.sqlite3"
        engine = db.engine_for_url(f"sqlite:///{result.sqlite_file}")
        db.use_engine(engine)
        await db.migrate()
        # Closing checkpoints the WAL into the file that each test copies.
        await db.stop(engine)
    if "postgres" in BACKENDS:
        result.postgres_name = f"relais_tpl_{RUN_ID}"
        admin = await _admin_connection()
        await admin.execute(f'CREATE DATABASE "{result.postgres_name}"')
        await admin.close()
        engine = db.engine_for_url(_postgres_url(result.postgres_name))
        db.use_engine(engine)
        await db.migrate()
    yield result
    if result.postgres_name:
        admin = await _admin_connection()
        await admin.execute(f'DROP DATABASE IF EXISTS "{result.postgres_name}" WITH (FORCE)')
        await admin.close()


_counter = iter(range(1, 1_000_000))


@pytest.fixture(scope="session", autouse=True)
def _domains_wired() -> None:
    """The domains' hooks, installed as inventory/app.py and inventory/cli.py install them, so
    that a test calling a service directly sees the service as it runs."""
    from inventory import hooks

    hooks.install()


@pytest.fixture(params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest, templates: Templates, tmp_root: Path
) -> AsyncIterator[str]:
    """A fresh copy of the migrated template, its engine in force for the test."""
    number = next(_counter)
    if request.param == "sqlite":
        path = tmp_root / f"test_{number}.sqlite3"
        shutil.copyfile(templates.sqlite_file, path)
        url = f"sqlite:///{path}"
        engine = db.engine_for_url(url)
        db.use_engine(engine)
        use_settings(settings_for(url))
        try:
            yield url
        finally:
            use_settings(None)
            await db.stop(engine)
            path.unlink(missing_ok=True)
        return
    name = f"relais_t_{RUN_ID}_{number}"
    admin = await _admin_connection()
    await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{templates.postgres_name}" STRATEGY FILE_COPY')
    url = _postgres_url(name)
    engine = db.engine_for_url(url)
    db.use_engine(engine)
    await engine.start_connection_pool(min_size=1, max_size=10)
    use_settings(settings_for(url))
    try:
        yield url
    finally:
        use_settings(None)
        await engine.close_connection_pool()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
def backend(database_url: str) -> str:
    return "sqlite" if database_url.startswith("sqlite") else "postgres"


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client that calls the app in the test's own event loop (so the PostgreSQL pool,
    bound to that loop, is shared), through the app's full middleware stack."""
    from inventory.app import create_app

    app = create_app(settings_for(database_url), manage_engine=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=f"http://{TEST_HOST}") as test_client:
        yield test_client


_PASSWORD_HASH: list[str] = []


def password_hash() -> str:
    """Argon2 is slow on purpose; hash the shared test password once per run."""
    if not _PASSWORD_HASH:
        _PASSWORD_HASH.append(hash_password(PASSWORD))
    return _PASSWORD_HASH[0]


async def make_user(username: str, role: Role, school_id: int | None = None) -> dict:
    from inventory.accounts.tables import User

    rows = await User.insert(
        User(
            username=username,
            password_hash=password_hash(),
            role=role,
            school_id=school_id,
            created_at=db_now(),
        )
    ).returning(User.id)
    return {"id": rows[0]["id"], "username": username, "role": role, "school_id": school_id}


def db_now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


async def token_headers(user: dict) -> dict[str, str]:
    from inventory.accounts.service import CurrentUser, issue_token

    issued = await issue_token(
        CurrentUser(
            id=user["id"],
            username=user["username"],
            role=Role(user["role"]),
            school_id=user["school_id"],
        )
    )
    return {"Authorization": f"Bearer {issued.token}"}


@dataclass
class RoleHeaders:
    technician: dict[str, str]
    social_worker: dict[str, str]
    admin: dict[str, str]
    school: dict[str, str]
    users: dict[str, dict]

    def of(self, role: str) -> dict[str, str]:
        return getattr(self, role)


@pytest.fixture
async def auth(database_url: str) -> RoleHeaders:
    """One user and bearer token per role (the school user belongs to school id 1)."""
    users = {
        "technician": await make_user("tech", Role.TECHNICIAN),
        "social_worker": await make_user("sw", Role.SOCIAL_WORKER),
        "admin": await make_user("admin", Role.ADMIN),
        "school": await make_user("school1", Role.SCHOOL, school_id=1),
    }
    headers = {role: await token_headers(user) for role, user in users.items()}
    return RoleHeaders(users=users, **headers)


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _no_leaked_settings() -> Iterator[None]:
    yield
    use_settings(None)


@pytest.fixture(autouse=True)
def _throttle_clock_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The log-in throttle counts from a moment that does not move during a test: a wait of
    1 s after the free attempts must not run out because a loaded machine took longer than that
    between two requests. Tests that need time to pass move the counters (`let_time_pass`)."""
    from datetime import UTC, datetime

    from inventory.accounts import throttle

    moment = datetime.now(UTC)
    monkeypatch.setattr(throttle, "clock", lambda: moment)
