"""The Bot Framework adapter for Teams and other channels, with authentication from settings."""

from __future__ import annotations

from dataclasses import dataclass

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)

from bot.settings import Settings
from bot.turn_errors import TurnErrorHandler


@dataclass(frozen=True)
class _AuthConfiguration:
    """The attribute names botbuilder's ConfigurationBotFrameworkAuthentication reads."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str
    TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL: str | None


def create_authentication(settings: Settings) -> ConfigurationBotFrameworkAuthentication:
    """Channel authentication: none in local mode, Bot Framework tokens once an app id is set."""
    return ConfigurationBotFrameworkAuthentication(
        _AuthConfiguration(
            APP_ID=settings.app_id,
            APP_PASSWORD=settings.app_password,
            APP_TYPE=settings.app_type,
            APP_TENANTID=settings.app_tenant_id,
            TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL=settings.openid_metadata_url or None,
        )
    )


def create_cloud_adapter(
    authentication: ConfigurationBotFrameworkAuthentication, on_turn_error: TurnErrorHandler
) -> CloudAdapter:
    adapter = CloudAdapter(authentication)
    adapter.on_turn_error = on_turn_error
    return adapter


__all__ = ["TurnContext", "create_authentication", "create_cloud_adapter"]
