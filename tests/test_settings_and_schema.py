"""Configuration is read once and checked; Alembic owns the schema on both databases."""

from __future__ import annotations

import importlib.util

import pytest
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from privacy.employee import Employee
from server.settings import DEFAULT_DATABASE_URL, PROJECT_ROOT, Settings, SettingsError
from storage.engine import DatabaseUrlError, create_engine
from storage.migrate import current_revision, downgrade, head_revision, upgrade


def test_defaults_run_locally_on_the_embedded_store() -> None:
    settings = Settings.from_env({})
    assert (settings.host, settings.port) == ("127.0.0.1", 3978)
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert DEFAULT_DATABASE_URL.startswith("sqlite+aiosqlite:///")
    assert DEFAULT_DATABASE_URL.endswith(str(PROJECT_ROOT / "var" / "koers.db"))
    assert settings.local_mode


def test_the_environment_sets_port_host_database_and_app_id() -> None:
    settings = Settings.from_env(
        {
            "PORT": "8080",
            "HOST": "0.0.0.0",
            "DATABASE_URL": "postgresql+asyncpg://k@db/koers",
            "MicrosoftAppId": "abc",
            "MicrosoftAppPassword": "secret",
            "MicrosoftAppType": "SingleTenant",
            "MicrosoftAppTenantId": "tenant",
        }
    )
    assert (settings.port, settings.host) == (8080, "0.0.0.0")
    assert settings.database_url == "postgresql+asyncpg://k@db/koers"
    assert not settings.local_mode
    assert "secret" not in repr(settings)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"PORT": "eighty"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"DB_AUTO_MIGRATE": "maybe"}, "DB_AUTO_MIGRATE"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"MicrosoftAppType": "Other"}, "MicrosoftAppType"),
        ({"DIRECT_LINE_TOKEN_MINUTES": "0"}, "DIRECT_LINE_TOKEN_MINUTES"),
        ({"WEBCHAT_MESSAGES_PER_MINUTE": "many"}, "WEBCHAT_MESSAGES_PER_MINUTE"),
        ({"WEBCHAT_FRAME_ANCESTORS": "'self'; script-src *"}, "WEBCHAT_FRAME_ANCESTORS"),
        ({"BOT_LOGIN_URL": "http://login.example/tenant"}, "BOT_LOGIN_URL"),
        ({"SMTP_URL": "mail.example:25"}, "SMTP_URL"),
        ({"MAIL_FIELDS": "theme,salary"}, "MAIL_FIELDS"),
    ],
)
def test_a_bad_value_names_its_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        Settings.from_env(env)


def test_an_unsupported_database_is_refused_by_name() -> None:
    with pytest.raises(DatabaseUrlError, match="mysql"):
        create_engine("mysql://koers@db/koers")


async def test_migrations_create_the_schema_and_can_run_again(engine: AsyncEngine) -> None:
    assert await current_revision(engine) == head_revision()
    await upgrade(engine)  # a second run changes nothing

    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert {"bot_state", "alembic_version"} <= tables


async def test_migrations_go_down_and_up_again(engine: AsyncEngine) -> None:
    await downgrade(engine, "base")
    assert await current_revision(engine) is None
    await upgrade(engine)
    assert await current_revision(engine) == head_revision()


def test_migration_0007_keys_employees_as_the_privacy_helper_does() -> None:
    # The migration carries its own copy of the key, so later code cannot change the past.
    path = PROJECT_ROOT / "storage" / "migrations" / "versions" / "0007_privacy.py"
    spec = importlib.util.spec_from_file_location("migration_0007", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    reference = {"channelId": "msteams", "user": {"id": "29:abc"}, "conversation": {"id": "c"}}
    employee = Employee.from_reference(reference)
    assert employee is not None
    assert migration._employee_key(reference) == employee.key
    assert migration._employee_key({"channelId": "msteams"}) is None
    source = path.read_text(encoding="utf-8")
    assert "from privacy" not in source and "import privacy" not in source
