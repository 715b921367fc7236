"""The Bot Framework adapter for Teams and other channels, with authentication from settings."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConfigurationServiceClientCredentialFactory,
)
from botbuilder.schema import Activity, CallerIdConstants
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    MicrosoftAppCredentials,
    ServiceClientCredentialsFactory,
    UserTokenClient,
)
from msal import ConfidentialClientApplication

from bot.settings import Settings
from bot.turn_errors import UNANSWERED, TurnErrorHandler


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


def create_authentication(settings: Settings) -> ReusingAuthentication:
    """Channel authentication: none in local mode, Bot Framework tokens once an app id is set;
    the clients it makes for talking back to the channel are reused across turns."""
    return ReusingAuthentication(_configured_authentication(settings))


def _configured_authentication(settings: Settings) -> ConfigurationBotFrameworkAuthentication:
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


# How many (service URL, audience) connector clients to keep: Teams uses a handful of regional
# service URLs, so this is never reached in practice; it only bounds memory against odd input.
MAX_CLIENTS = 64


class _ReusedConnectors(ConnectorFactory):
    """botbuilder's connector factory, but each (service URL, audience) gets one client that
    later turns reuse. A new ConnectorClient costs milliseconds of CPU (msrest builds its retry
    policy by scanning a 500-item list for each of 999 status codes) and new credentials, which
    means a new token request; botbuilder pays both on every turn."""

    def __init__(self, inner: ConnectorFactory, clients: OrderedDict[Any, ConnectorClient]) -> None:
        self._inner = inner
        self._clients = clients

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        key = (service_url, audience)
        client = self._clients.get(key)
        if client is None:
            client = await self._inner.create(service_url, audience)
            self._clients[key] = client
            while len(self._clients) > MAX_CLIENTS:
                self._clients.popitem(last=False)
        else:
            self._clients.move_to_end(key)
        return client


class ReusingAuthentication(BotFrameworkAuthentication):
    """The configured authentication, with the clients it makes reused across turns: the
    connector clients per service URL and audience, and the user token client (which Koers
    never calls, yet botbuilder builds one for every turn). Koers has one bot identity, so the
    claims never change which credentials a client holds."""

    def __init__(self, inner: BotFrameworkAuthentication) -> None:
        self._inner = inner
        self._clients: OrderedDict[Any, ConnectorClient] = OrderedDict()
        self._user_token_client: UserTokenClient | None = None

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        result = await self._inner.authenticate_request(activity, auth_header)
        if result.connector_factory is not None:
            result.connector_factory = _ReusedConnectors(result.connector_factory, self._clients)
        return result

    async def authenticate_streaming_request(
        self, auth_header: str, channel_id_header: str
    ) -> AuthenticateRequestResult:
        return await self._inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return _ReusedConnectors(
            self._inner.create_connector_factory(claims_identity), self._clients
        )

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        if self._user_token_client is None:
            self._user_token_client = await self._inner.create_user_token_client(claims_identity)
        return self._user_token_client

    def get_originating_audience(self) -> str:
        return str(self._inner.get_originating_audience())

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self._inner.authenticate_channel_request(auth_header)


def create_cloud_adapter(
    authentication: BotFrameworkAuthentication, on_turn_error: TurnErrorHandler
) -> CloudAdapter:
    adapter = CloudAdapter(authentication)

    async def answer_or_fail(context: TurnContext, error: Exception) -> None:
        """Apologise; when even that cannot reach the channel, fail the request, so that the
        channel delivers the activity again later (the state was not saved: nothing is lost)."""
        await on_turn_error(context, error)
        if context.turn_state.get(UNANSWERED):
            raise error

    adapter.on_turn_error = answer_or_fail
    return adapter


__all__ = ["ReusingAuthentication", "TurnContext", "create_authentication", "create_cloud_adapter"]
