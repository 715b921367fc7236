"""The /chat page, its session endpoint, the Web Chat bundle, and the intranet embed.

The page holds no secret: it asks ``/chat/session`` for a Direct Line token. A signed, HttpOnly
cookie keeps the browser's user id and conversation, so a reload resumes the same conversation
with its history. No inline script anywhere: the page's settings travel in data attributes.
"""

from __future__ import annotations

import html
import json
import secrets
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from string import Template

from aiohttp import web

from content import LANGUAGES, Catalogue, normalise_language
from content.look import Look
from server.http_errors import json_error
from server.json_body import BadBody, parse_body
from server.tokens import Purpose, TokenError
from webchat.activity_log import WebConversation
from webchat.service import WEBCHAT, WebChat, new_conversation_id, new_user_id
from webchat.stream import connection_details

STATIC_DIR = Path(__file__).parent / "static"
VISITOR_COOKIE = "koers_visitor"
VISITOR_LIFETIME = timedelta(days=30)
LOCALES = {"nl": "nl-NL", "en": "en-US"}


class ChatPage:
    """What the page shows, from the catalogue and the look the career centre edits."""

    def __init__(self, catalogue: Catalogue, look: Look, frame_ancestors: str) -> None:
        self.catalogue = catalogue
        self.look = look
        self.frame_ancestors = frame_ancestors
        self._template = Template((STATIC_DIR / "chat.html").read_text(encoding="utf-8"))
        self._embed = (STATIC_DIR / "embed.js").read_text(encoding="utf-8")

    def security_headers(self, response: web.StreamResponse, nonce: str) -> None:
        """No inline script and no inline style: <style> elements only with this response's
        nonce (Web Chat puts its styles in <style> elements; chat.js hands them the nonce)."""
        response.headers["Content-Security-Policy"] = (
            f"default-src 'self'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; "
            "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
            f"base-uri 'none'; form-action 'self'; frame-ancestors {self.frame_ancestors}"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"

    def text(self, key: str, language: str) -> str:
        return self.catalogue.messages.t(key, language)

    def render(self, language: str, embedded: bool, nonce: str) -> str:
        other = "en" if language == "nl" else "nl"
        values = {
            "lang": language,
            "title": self.text("webchat.title", language),
            "intro": self.text("webchat.intro", language),
            "region": self.text("webchat.chat_region", language),
            "loading": self.text("webchat.loading", language),
            "placeholder": self.text("webchat.placeholder", language),
            "unavailable": self.text("webchat.unavailable", language),
            "erased": self.text("webchat.erased", language),
            "new_conversation": self.text("webchat.new_conversation", language),
            "no_script": self.text("webchat.no_script", language),
            "other_language": self.text("webchat.other_language", language),
            "other_language_href": f"/chat?lang={other}" + ("&embed=1" if embedded else ""),
            "other_lang": other,
            "privacy_label": self.text("webchat.privacy_link", language),
            "privacy_url": self.catalogue.centre.privacy_url,
            "about_label": self.text("webchat.about_link", language),
            "about_href": f"/over-koers?lang={language}",
            "locale": LOCALES[language],
            "bot_name": self.catalogue.centre.bot_name,
            "body_class": "koers-embedded" if embedded else "koers-page",
            "accent": self.look.accent_colour,
            "accent_text": self.look.accent_text_colour,
            "bubble": self.look.bot_bubble_background,
            "bubble_text": self.look.bot_bubble_text,
            "background": self.look.page_background,
            "nonce": nonce,
        }
        return self._template.substitute({key: html.escape(value) for key, value in values.items()})

    def look_css(self) -> str:
        look = self.look
        return (
            ":root {"
            f" --koers-accent: {look.accent_colour};"
            f" --koers-accent-text: {look.accent_text_colour};"
            f" --koers-background: {look.page_background};"
            f" --koers-bubble: {look.bot_bubble_background};"
            f" --koers-bubble-text: {look.bot_bubble_text}; }}\n"
        )

    def embed_js(self) -> str:
        config = {
            "texts": {
                language: {
                    "open": self.text("webchat.open_button", language),
                    "close": self.text("webchat.close_button", language),
                    "region": self.text("webchat.chat_region", language),
                }
                for language in LANGUAGES
            },
            "accent": self.look.accent_colour,
            "accentText": self.look.accent_text_colour,
        }
        # JSON inside JavaScript: escape what could end a script element or start markup.
        data = json.dumps(config, ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e")
        return self._embed.replace("/*KOERS_CONFIG*/null", data)


PAGE = web.AppKey("webchat_page", ChatPage)


def _language(request: web.Request) -> str:
    """Dutch unless the page asks for English: an intranet page says which language it is in,
    and many employees' browsers are set to English while they work in Dutch."""
    return normalise_language(request.query.get("lang", ""))


async def chat_page(request: web.Request) -> web.Response:
    page = request.app[PAGE]
    embedded = request.query.get("embed") == "1"
    nonce = secrets.token_urlsafe(18)
    response = web.Response(
        text=page.render(_language(request), embedded, nonce), content_type="text/html"
    )
    response.headers["Cache-Control"] = "no-store"
    page.security_headers(response, nonce)
    return response


async def chat_session(request: web.Request) -> web.Response:
    """A token for this browser's conversation; a new conversation when it has none."""
    if request.content_type != "application/json":
        # A form post from another site cannot set this type without asking first (CORS).
        return json_error(415, "unsupported_media_type", "Send JSON.")
    webchat: WebChat = request.app[WEBCHAT]
    try:
        body = parse_body(await request.read())
    except BadBody:
        body = {}
    language = body.get("language")
    language = language if language in LANGUAGES else "nl"
    signer = await webchat.signer()
    now = webchat.now()
    conversation: WebConversation | None = None
    try:
        claims = signer.verify(request.cookies.get(VISITOR_COOKIE, ""), Purpose.VISITOR, now)
        conversation = await webchat.log.conversation(claims.conversation_id)
        if conversation is not None and conversation.user_id != claims.user_id:
            conversation = None
    except TokenError:
        conversation = None
    if conversation is None:
        conversation = WebConversation(new_conversation_id(), new_user_id(), LOCALES[language])
        await webchat.open(conversation)
    response = web.json_response(await connection_details(request, webchat, conversation, 0))
    response.headers["Cache-Control"] = "no-store"
    response.set_cookie(
        VISITOR_COOKIE,
        signer.issue(Purpose.VISITOR, conversation.id, conversation.user_id, now, VISITOR_LIFETIME),
        max_age=int(VISITOR_LIFETIME.total_seconds()),
        path="/chat",
        httponly=True,
        samesite="Lax",
        secure=webchat.settings.base_url.startswith("https://"),
    )
    return response


async def look_css(request: web.Request) -> web.Response:
    response = web.Response(text=request.app[PAGE].look_css(), content_type="text/css")
    response.headers["Cache-Control"] = "max-age=300"
    return response


async def logo(request: web.Request) -> web.FileResponse:
    look = request.app[PAGE].look
    response = web.FileResponse(look.logo, headers={"Content-Type": look.logo_type})
    response.headers["Cache-Control"] = "max-age=3600"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


async def embed_js(request: web.Request) -> web.Response:
    response = web.Response(
        text=request.app[PAGE].embed_js(), content_type="application/javascript"
    )
    response.headers["Cache-Control"] = "max-age=300"
    # Intranet pages on another origin load this script.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _static(
    directory: Path, names: dict[str, str]
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Serves only the named files of ``directory``: no listing, no path from the request."""

    async def serve(request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in names:
            raise web.HTTPNotFound(text="There is no such file.")
        path = directory / name
        if not path.is_file():
            return json_error(
                503, "not_installed", "The web chat files are not installed; run `make run`."
            )
        response = web.FileResponse(path, headers={"Content-Type": names[name]})
        response.headers["Cache-Control"] = "max-age=3600"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    return serve


def add_routes(app: web.Application, bundle_dir: Path) -> None:
    app.router.add_get("/chat", chat_page)
    app.router.add_post("/chat/session", chat_session)
    app.router.add_get("/chat/look.css", look_css)
    app.router.add_get("/chat/logo", logo)
    app.router.add_get("/embed.js", embed_js)
    app.router.add_get(
        "/chat/static/{name}",
        _static(STATIC_DIR, {"chat.js": "application/javascript", "chat.css": "text/css"}),
    )
    app.router.add_get(
        "/chat/vendor/{name}", _static(bundle_dir, {"webchat.js": "application/javascript"})
    )
