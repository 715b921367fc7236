"""/privacy: the privacy statement as a page; /privacy/export: the employee's data file behind
a short-lived link from the chat."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from content import Catalogue, normalise_language
from rights import console
from rights.export_links import EXPORT_PATH, ExportLinks
from rights.records import RECORDS, PersonalRecords
from server.http_errors import json_error
from server.logs import conversation_hash
from server.pages import ABOUT_PATH, PRIVACY_PATH, STRICT_CSP, document, e
from server.tokens import TokenError

log = logging.getLogger("koers.privacy")


class PrivacyRoutes:
    def __init__(
        self,
        catalogue: Catalogue,
        records: PersonalRecords,
        links: ExportLinks,
        clock: Callable[[], datetime],
    ) -> None:
        self._catalogue = catalogue
        self._records = records
        self._links = links
        self._clock = clock

    async def statement(self, request: web.Request) -> web.Response:
        language = normalise_language(request.query.get("lang", ""))
        privacy = self._catalogue.privacy
        fill = self._catalogue.messages.fill
        title = fill(privacy.title, language)
        sections = "".join(
            f"<p>{html.escape(fill(section, language))}</p>" for section in privacy.sections
        )
        version = html.escape(privacy.version)
        about = html.escape(self._catalogue.messages.t("webchat.about_link", language))
        page = document(
            language,
            title,
            f"<h1>{e(title)}</h1>{sections}"
            f'<p><a href="{ABOUT_PATH}?lang={language}">{about}</a></p>'
            f"<p><small>{version}</small></p>",
        )
        response = web.Response(text=page, content_type="text/html")
        response.headers["Content-Security-Policy"] = STRICT_CSP
        return response

    async def export(self, request: web.Request) -> web.Response:
        try:
            employee, conversation_id = await self._links.verify(request.query.get("t", ""))
        except TokenError as error:
            if error.expired:
                return json_error(403, "link_expired", "This link has expired; ask Koers again.")
            return json_error(401, "unauthorized", "This link is not valid.")
        content = await self._records.export_file(employee, conversation_id, self._clock())
        log.info(
            "data export downloaded",
            extra={"event": "export", "conversation": conversation_hash(conversation_id)},
        )
        name = f"{self._catalogue.centre.bot_name.lower()}-gegevens.json"
        response = web.Response(body=content, content_type="application/json", charset="utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Security-Policy"] = STRICT_CSP
        return response


def add_rights(
    app: web.Application,
    catalogue: Catalogue,
    records: PersonalRecords,
    links: ExportLinks,
    clock: Callable[[], datetime],
) -> None:
    """/privacy, the export download, and a coordinator's export and erase in the console."""
    app[RECORDS] = records
    console.add_routes(app)
    routes = PrivacyRoutes(catalogue, records, links, clock)
    app.router.add_get(PRIVACY_PATH, routes.statement)
    app.router.add_get(EXPORT_PATH, routes.export)
