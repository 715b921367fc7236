"""The Bot Framework adapter for Teams and other channels, with authentication from settings."""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConfigurationServiceClientCredentialFactory,
)
from botbuilder.schema import Activity, CallerIdConstants, ResourceResponse
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

from bot.turn_errors import RAISE_SEND_FAILURES, TurnErrorHandler, transient
from botservice.reply_outbox import ReplyOutbox
from server.logs import conversation_hash
from server.settings import Settings

log = logging.getLogger("koers.adapter")
# Activities that only make sense within their turn; the rest of a turn's replies can wait.
_NOT_SENT_LATER = frozenset({"delay", "invokeResponse", "trace", "typing"})
# In a turn's state once the channel failed to take a reply: the turn's later replies wait too.
_CHANNEL_DOWN = "koers.channel_down"


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
    return ReusingAuthentication(
        _configured_authentication(settings), settings.connector_timeout_seconds
    )


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

    def __init__(
        self, inner: ConnectorFactory, clients: OrderedDict[Any, ConnectorClient], timeout: float
    ) -> None:
        self._inner = inner
        self._clients = clients
        self._timeout = timeout

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        key = (service_url, audience)
        client = self._clients.get(key)
        if client is None:
            client = await self._inner.create(service_url, audience)
            # msrest waits 100 s for a channel that does not answer; well before that (and
            # before the request's own time limit) the reply should go to the reply outbox.
            client.config.connection.timeout = self._timeout
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

    def __init__(self, inner: BotFrameworkAuthentication, timeout: float) -> None:
        self._inner = inner
        self._timeout = timeout
        self._clients: OrderedDict[Any, ConnectorClient] = OrderedDict()
        self._user_token_client: UserTokenClient | None = None

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        result = await self._inner.authenticate_request(activity, auth_header)
        if result.connector_factory is not None:
            result.connector_factory = _ReusedConnectors(
                result.connector_factory, self._clients, self._timeout
            )
        return result

    async def authenticate_streaming_request(
        self, auth_header: str, channel_id_header: str
    ) -> AuthenticateRequestResult:
        return await self._inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return _ReusedConnectors(
            self._inner.create_connector_factory(claims_identity), self._clients, self._timeout
        )

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        if self._user_token_client is None:
            self._user_token_client = await self._inner.create_user_token_client(claims_identity)
        return self._user_token_client

    def get_originating_audience(self) -> str:
        return str(self._inner.get_originating_audience())

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self._inner.authenticate_channel_request(auth_header)


class QueueingCloudAdapter(CloudAdapter):
    """The stock CloudAdapter, except that replies the channel cannot take for a moment (5xx,
    429, no connection) wait in the reply outbox instead of failing the turn: the employee's
    message is handled, its state saved, and the replies follow when the channel is back."""

    def __init__(self, authentication: BotFrameworkAuthentication, outbox: ReplyOutbox) -> None:
        super().__init__(authentication)
        self._outbox = outbox

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        responses: list[ResourceResponse] = []
        for index, activity in enumerate(activities):
            if context.turn_state.get(_CHANNEL_DOWN):  # the rest of the turn goes after it
                await self._keep(context, activities[index:])
                return responses + [ResourceResponse(id="") for _ in activities[index:]]
            try:
                responses += await super().send_activities(context, [activity])
            except Exception as error:
                if context.turn_state.get(RAISE_SEND_FAILURES) or not transient(error):
                    raise
                context.turn_state[_CHANNEL_DOWN] = True
                log.warning(
                    "channel unavailable, replies wait in the outbox",
                    extra={
                        "event": "replies_waiting",
                        "conversation": conversation_hash(context.activity.conversation.id),
                        "error_type": type(error).__name__,
                    },
                )
                await self._keep(context, activities[index:])
                return responses + [ResourceResponse(id="") for _ in activities[index:]]
        return responses

    async def _keep(self, context: TurnContext, activities: list[Activity]) -> None:
        waiting = [activity for activity in activities if activity.type not in _NOT_SENT_LATER]
        if waiting:
            reference = TurnContext.get_conversation_reference(context.activity)
            await self._outbox.keep(reference, waiting)


def create_cloud_adapter(
    authentication: BotFrameworkAuthentication,
    on_turn_error: TurnErrorHandler,
    outbox: ReplyOutbox,
) -> CloudAdapter:
    adapter = QueueingCloudAdapter(authentication, outbox)
    adapter.on_turn_error = on_turn_error
    return adapter


__all__ = ["ReusingAuthentication", "TurnContext", "create_authentication", "create_cloud_adapter"]
