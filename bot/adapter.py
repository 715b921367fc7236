"""The Bot Framework adapter for Teams and other channels, with authentication from settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConfigurationServiceClientCredentialFactory,
)
from botbuilder.schema import CallerIdConstants
from botframework.connector.auth import (
    AuthenticationConstants,
    MicrosoftAppCredentials,
    ServiceClientCredentialsFactory,
)
from msal import ConfidentialClientApplication

from bot.settings import Settings
from bot.turn_errors import TurnErrorHandler


@dataclass(frozen=True)
class _AuthConfiguration:
    """The attribute names botbuilder's ConfigurationBotFrameworkAuthentication reads."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str
    TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL: str | None = None
    # With a metadata URL of its own, botbuilder takes every other endpoint from the
    # configuration too (None would refuse every token): the public cloud's values.
    TO_BOT_FROM_CHANNEL_TOKEN_ISSUER: str | None = None
    TO_CHANNEL_FROM_BOT_LOGIN_URL: str | None = None
    TO_CHANNEL_FROM_BOT_OAUTH_SCOPE: str | None = None
    OAUTH_URL: str | None = None
    TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL: str | None = None
    CALLER_ID: str | None = None


def create_authentication(settings: Settings) -> ConfigurationBotFrameworkAuthentication:
    """Channel authentication: none in local mode, Bot Framework tokens once an app id is set."""
    identity = {
        "APP_ID": settings.app_id,
        "APP_PASSWORD": settings.app_password,
        "APP_TYPE": settings.app_type,
        "APP_TENANTID": settings.app_tenant_id,
    }
    if not settings.openid_metadata_url and not settings.login_url:
        return ConfigurationBotFrameworkAuthentication(_AuthConfiguration(**identity))
    tenant = settings.app_tenant_id or AuthenticationConstants.DEFAULT_CHANNEL_AUTH_TENANT
    configuration = _AuthConfiguration(
        **identity,
        TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL=settings.openid_metadata_url
        or AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL,
        TO_BOT_FROM_CHANNEL_TOKEN_ISSUER=AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER,
        TO_CHANNEL_FROM_BOT_LOGIN_URL=settings.login_url
        or AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX + tenant,
        TO_CHANNEL_FROM_BOT_OAUTH_SCOPE=AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE,
        OAUTH_URL=AuthenticationConstants.OAUTH_URL,
        TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL=(
            AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
        ),
        CALLER_ID=CallerIdConstants.public_azure_channel,
    )
    factory: ServiceClientCredentialsFactory = ConfigurationServiceClientCredentialFactory(
        configuration
    )
    if settings.login_url:
        factory = _PrivateAuthority(factory, settings)
    return ConfigurationBotFrameworkAuthentication(configuration, credentials_factory=factory)


class _PrivateAuthority(ServiceClientCredentialsFactory):
    """Credentials for a token authority that is not one of Microsoft's clouds: MSAL would
    look the authority up at login.microsoftonline.com first, which such an authority (a
    private cloud, or the tests' own) is not known to; so ask it directly."""

    def __init__(self, inner: ServiceClientCredentialsFactory, settings: Settings) -> None:
        self._inner = inner
        self._settings = settings

    async def is_valid_app_id(self, app_id: str) -> bool:
        return bool(await self._inner.is_valid_app_id(app_id))

    async def is_authentication_disabled(self) -> bool:
        return bool(await self._inner.is_authentication_disabled())

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> Any:
        credentials = await self._inner.create_credentials(
            app_id, oauth_scope, login_endpoint, validate_authority
        )
        if isinstance(credentials, MicrosoftAppCredentials) and credentials.microsoft_app_id:
            credentials.app = ConfidentialClientApplication(
                client_id=credentials.microsoft_app_id,
                client_credential=self._settings.app_password,
                authority=login_endpoint,
                validate_authority=False,
                instance_discovery=False,
            )
        return credentials


def create_cloud_adapter(
    authentication: ConfigurationBotFrameworkAuthentication, on_turn_error: TurnErrorHandler
) -> CloudAdapter:
    adapter = CloudAdapter(authentication)
    adapter.on_turn_error = on_turn_error
    return adapter


__all__ = ["TurnContext", "create_authentication", "create_cloud_adapter"]
