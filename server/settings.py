"""Koers' configuration, read once from the environment.

``Settings.from_env`` is the one place that reads Koers' variables, called once by the entry point
(``app.py``'s commands). The supervisor (server/workers.py) only passes its environment on to the
workers it starts, and the benchmarks set variables for the Koers they start. Tests and tools
build a ``Settings`` themselves, so every part of the app can be started with the exact
configuration a test needs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from privacy.retention import Retention

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'koers.db'}"


class SettingsError(ValueError):
    """A configuration value that Koers cannot start with; the message names the variable."""


def _flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


def _int(environ: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, not {value}")
    return value


def _frame_ancestors(raw: str) -> str:
    """CSP sources separated by spaces; anything that could break out of the header is refused."""
    value = " ".join(raw.split())
    if any(character in value for character in ';,\r\n"') or len(value) > 1000:
        raise SettingsError(
            "WEBCHAT_FRAME_ANCESTORS must be origins separated by spaces, "
            "e.g. 'self' https://intranet.gemeente.nl"
        )
    return value


MAIL_FIELDS = ("theme", "urgency", "language", "question")


def _https(environ: Mapping[str, str], name: str) -> str:
    value = environ.get(name, "").strip().rstrip("/")
    if value and not value.startswith("https://"):
        raise SettingsError(f"{name} must be an https:// address")
    return value


def _smtp_url(raw: str) -> str:
    value = raw.strip()
    if value and not (value.startswith("smtp://") or value.startswith("smtps://")):
        raise SettingsError("SMTP_URL must start with smtp:// or smtps://")
    return value


def _mail_fields(raw: str) -> tuple[str, ...]:
    fields = tuple(part.strip() for part in raw.split(",") if part.strip())
    unknown = [part for part in fields if part not in MAIL_FIELDS]
    if unknown:
        raise SettingsError(f"MAIL_FIELDS may name {', '.join(MAIL_FIELDS)}, not {unknown[0]!r}")
    return fields


@dataclass(frozen=True)
class Settings:
    """Everything Koers can be configured with; the defaults run a local, single-machine bot."""

    host: str = "127.0.0.1"
    port: int = 3978
    database_url: str = DEFAULT_DATABASE_URL
    # Run Alembic's upgrade when the app starts (off when an operator migrates separately).
    auto_migrate: bool = True
    # Bot Framework channel authentication; an empty app id means local mode without auth.
    app_id: str = ""
    app_password: str = field(default="", repr=False)
    app_tenant_id: str = ""
    app_type: str = "MultiTenant"
    # Where the channel's OpenID metadata lives (empty: botbuilder's public default).
    openid_metadata_url: str = ""
    # The token authority for Koers' own calls to the channel (empty: Azure's public cloud);
    # for a private cloud, https://<authority>/<tenant>.
    login_url: str = ""
    content_dir: Path = PROJECT_ROOT / "content"
    # Where channels reach Koers from outside (pictures in cards link here); empty: host:port.
    public_url: str = ""
    # The trained NLU model (`make nlu` or `python -m nlu train` writes it).
    nlu_model_dir: Path = PROJECT_ROOT / "var" / "nlu" / "model"
    log_level: str = "INFO"
    max_request_bytes: int = 256 * 1024
    # Web chat (Koers' own Direct Line 3.0). The secret lets intranet servers make tokens; it
    # never reaches a browser. Empty: only the /chat page hands out tokens.
    direct_line_secret: str = field(default="", repr=False)
    # Signs web chat tokens and visitor cookies; empty: one is made and kept in the database.
    token_key: str = field(default="", repr=False)
    direct_line_token_minutes: int = 30
    # How many messages one web chat conversation may send per minute before a polite 429.
    webchat_messages_per_minute: int = 30
    # Seconds between keep-alive frames on an idle web chat stream.
    webchat_keepalive_seconds: float = 20.0
    # Seconds between a web chat stream's re-reads of its conversation: the safety net for a
    # notification from another worker that went by while the database was away.
    webchat_reread_seconds: float = 5.0
    # The insights hide every count below this (k-anonymity); at least 5, 10 recommended.
    insights_min_count: int = 10
    # Seconds Koers waits for a channel to take a reply before it waits in the reply outbox.
    connector_timeout_seconds: float = 10.0
    # Worker processes `python app.py serve` starts on one port (more than one needs PostgreSQL).
    workers: int = 1
    # Who may put /chat in a frame (the intranet pages with the embed), as CSP frame-ancestors.
    frame_ancestors: str = "'self'"
    # Mail to advisors: the SMTP server (smtp://host:25 or smtps://user:password@host:465;
    # empty: no mail), the sender, and which intake fields go into a mail.
    smtp_url: str = field(default="", repr=False)
    mail_from: str = "koers@gemeente.example"
    mail_fields: tuple[str, ...] = ("theme", "urgency", "language")
    # Seconds between two runs of the delivery outbox (0: not in this process).
    outbox_interval_seconds: float = 5.0
    # How long Koers keeps conversations, closed intakes and the audit trail (days), and how
    # often the purge runs inside the app (hours; 0: only `python app.py purge`).
    retention: Retention = field(default_factory=Retention)
    purge_interval_hours: float = 24.0
    # Requests one client address may make per minute to the web chat and the sign-in (429 after).
    requests_per_address_per_minute: int = 600
    # The header a trusted load balancer puts the client's address in (empty: the socket's peer).
    client_address_header: str = ""
    # Seconds a request may take before Koers answers 503 (streams are not limited).
    request_timeout_seconds: float = 30.0
    # The official Web Chat bundle, installed from npm by `make`.
    webchat_bundle_dir: Path = PROJECT_ROOT / "node_modules" / "botframework-webchat" / "dist"

    @property
    def base_url(self) -> str:
        """The address channels use to fetch what Koers serves (no trailing slash)."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def local_mode(self) -> bool:
        """True when no Microsoft app id is set: requests are not authenticated."""
        return self.app_id == ""

    def with_changes(self, **changes: object) -> Settings:
        """A copy with some values changed (tests and tools use this)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from the environment (``os.environ`` unless given); each group of
        variables is read and checked by its own function below."""
        env = os.environ if environ is None else environ
        defaults = cls()
        return replace(
            defaults,
            **_serving(env, defaults),
            **_channel(env, defaults),
            **_files_and_logs(env, defaults),
            **_web_chat(env, defaults),
            **_mail(env, defaults),
            **_retention(env, defaults),
            **_limits(env, defaults),
        )


Fields = dict[str, Any]


def _serving(env: Mapping[str, str], defaults: Settings) -> Fields:
    """Where Koers listens, is reached, keeps its data and how many workers it runs."""
    return {
        "host": env.get("HOST", "").strip() or defaults.host,
        "public_url": env.get("PUBLIC_BASE_URL", "").strip(),
        "port": _int(env, "PORT", defaults.port, 0, 65535),
        "database_url": env.get("DATABASE_URL", "").strip() or defaults.database_url,
        "auto_migrate": _flag(env, "DB_AUTO_MIGRATE", defaults.auto_migrate),
        "workers": _int(env, "WORKERS", defaults.workers, 1, 64),
    }


def _channel(env: Mapping[str, str], defaults: Settings) -> Fields:
    """The Bot Framework channel: who Koers is to it, and how long a reply may wait for it."""
    app_type = env.get("MicrosoftAppType", "").strip() or defaults.app_type
    if app_type not in {"MultiTenant", "SingleTenant", "UserAssignedMSI"}:
        raise SettingsError(
            f"MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI, "
            f"not {app_type!r}"
        )
    return {
        "app_id": env.get("MicrosoftAppId", "").strip(),
        "app_password": env.get("MicrosoftAppPassword", "").strip(),
        "app_tenant_id": env.get("MicrosoftAppTenantId", "").strip(),
        "app_type": app_type,
        "openid_metadata_url": env.get("BOT_OPENID_METADATA_URL", "").strip(),
        "login_url": _https(env, "BOT_LOGIN_URL"),
        "connector_timeout_seconds": float(
            _int(
                env,
                "CONNECTOR_TIMEOUT_SECONDS",
                int(defaults.connector_timeout_seconds),
                1,
                120,
            )
        ),
    }


def _files_and_logs(env: Mapping[str, str], defaults: Settings) -> Fields:
    """The catalogue, the trained model, and how much Koers logs."""
    log_level = env.get("LOG_LEVEL", "").strip().upper() or defaults.log_level
    if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise SettingsError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {log_level!r}")
    content_dir = env.get("KOERS_CONTENT_DIR", "").strip()
    nlu_model_dir = env.get("NLU_MODEL_DIR", "").strip()
    return {
        "content_dir": Path(content_dir) if content_dir else defaults.content_dir,
        "nlu_model_dir": Path(nlu_model_dir) if nlu_model_dir else defaults.nlu_model_dir,
        "log_level": log_level,
    }


def _web_chat(env: Mapping[str, str], defaults: Settings) -> Fields:
    """Koers' own Direct Line: its secret, its tokens, its pace, and who may frame /chat."""
    return {
        "direct_line_secret": env.get("DIRECT_LINE_SECRET", "").strip(),
        "token_key": env.get("TOKEN_SIGNING_KEY", "").strip(),
        "direct_line_token_minutes": _int(
            env, "DIRECT_LINE_TOKEN_MINUTES", defaults.direct_line_token_minutes, 1, 24 * 60
        ),
        "webchat_messages_per_minute": _int(
            env, "WEBCHAT_MESSAGES_PER_MINUTE", defaults.webchat_messages_per_minute, 1, 10000
        ),
        "webchat_reread_seconds": float(
            _int(env, "WEBCHAT_REREAD_SECONDS", int(defaults.webchat_reread_seconds), 1, 3600)
        ),
        "frame_ancestors": _frame_ancestors(env.get("WEBCHAT_FRAME_ANCESTORS", ""))
        or defaults.frame_ancestors,
    }


def _mail(env: Mapping[str, str], defaults: Settings) -> Fields:
    """Mail to advisors and the outbox that sends it."""
    return {
        "smtp_url": _smtp_url(env.get("SMTP_URL", "")),
        "mail_from": env.get("MAIL_FROM", "").strip() or defaults.mail_from,
        "mail_fields": _mail_fields(env.get("MAIL_FIELDS", "")) or defaults.mail_fields,
        "outbox_interval_seconds": float(
            _int(env, "OUTBOX_INTERVAL_SECONDS", int(defaults.outbox_interval_seconds), 0, 3600)
        ),
    }


def _retention(env: Mapping[str, str], defaults: Settings) -> Fields:
    """How long Koers keeps what, how often the purge runs, and what the insights hide."""
    kept = defaults.retention
    return {
        "retention": Retention(
            conversation_days=_int(
                env, "RETENTION_CONVERSATION_DAYS", kept.conversation_days, 1, 3650
            ),
            closed_intake_days=_int(
                env, "RETENTION_CLOSED_INTAKE_DAYS", kept.closed_intake_days, 1, 3650
            ),
            audit_days=_int(env, "RETENTION_AUDIT_DAYS", kept.audit_days, 1, 3650),
        ),
        "purge_interval_hours": float(
            _int(env, "PURGE_INTERVAL_HOURS", int(defaults.purge_interval_hours), 0, 24 * 7)
        ),
        "insights_min_count": _int(env, "INSIGHTS_MIN_COUNT", defaults.insights_min_count, 5, 1000),
    }


def _limits(env: Mapping[str, str], defaults: Settings) -> Fields:
    """What one request, one client address and one request's time may take."""
    return {
        "max_request_bytes": _int(
            env, "MAX_REQUEST_BYTES", defaults.max_request_bytes, 1024, 64 * 1024 * 1024
        ),
        "requests_per_address_per_minute": _int(
            env,
            "REQUESTS_PER_ADDRESS_PER_MINUTE",
            defaults.requests_per_address_per_minute,
            1,
            1_000_000,
        ),
        "client_address_header": env.get("CLIENT_ADDRESS_HEADER", "").strip(),
        "request_timeout_seconds": float(
            _int(env, "REQUEST_TIMEOUT_SECONDS", int(defaults.request_timeout_seconds), 1, 600)
        ),
    }
