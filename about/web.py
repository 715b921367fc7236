"""/over-koers: what Koers is and is not, the advice rules as the centre wrote them, the
products' languages and the measured quality; /over-koers/algoritmeregister.json: the same in
the fields of the algorithm register. Both in Dutch and English (``?lang=en``).

This serves the transparency duty for chatbots of the EU AI Act: people can read, without
asking anyone, that they talk to a program, how it gives advice and how well it understands.
"""

from __future__ import annotations

import html
import json

from aiohttp import web

from about.quality import Quality, load_quality
from about.register import (
    algorithm_register,
    product_languages,
    quality_sentence,
    rules_in_words,
    say,
)
from content import Catalogue, normalise_language
from server.pages import ABOUT_PATH, PRIVACY_PATH, STRICT_CSP, document

REGISTER_PATH = f"{ABOUT_PATH}/algoritmeregister.json"


class AboutRoutes:
    def __init__(self, catalogue: Catalogue, quality: Quality) -> None:
        self._catalogue = catalogue
        self._quality = quality

    def _page(self, language: str) -> str:
        catalogue = self._catalogue
        fill = catalogue.messages.fill

        def text(key: str, **params: str) -> str:
            return html.escape(say(catalogue, key, language, **params))

        title = text("title")
        what = "".join(
            f"<p>{html.escape(fill(part, language))}</p>" for part in catalogue.about.what
        )
        rules = "".join(
            "<tr><td><ul>"
            + "".join(f"<li>{html.escape(condition)}</li>" for condition in rule.when)
            + f"</ul></td><td>{html.escape(rule.product)}</td>"
            f"<td>{html.escape(rule.reason)}</td></tr>"
            for rule in rules_in_words(catalogue, language)
        )
        when, product, reason = (
            text(key) for key in ("table_when", "table_product", "table_reason")
        )
        products = "".join(
            f"<li>{html.escape(name)}: {text('in_languages', languages=languages)}</li>"
            for name, languages in product_languages(catalogue, language)
        )
        quality = html.escape(quality_sentence(catalogue, self._quality, language))
        other = "en" if language == "nl" else "nl"
        other_name = text("other_language")
        body = (
            f'<p><a href="{ABOUT_PATH}?lang={other}" lang="{other}">'
            f"{other_name}</a></p><h1>{title}</h1>{what}"
            f"<h2>{text('rules_title')}</h2><p>{text('rules_intro')}</p>"
            f"<p>{text('rules_asked')}</p>"
            f'<table><thead><tr><th scope="col">{when}</th><th scope="col">{product}</th>'
            f'<th scope="col">{reason}</th></tr></thead><tbody>{rules}</tbody></table>'
            f"<h2>{text('products_title')}</h2><ul>{products}</ul>"
            f"<h2>{text('quality_title')}</h2><p>{quality}</p>"
            f"<h2>{text('register_title')}</h2><p>{text('register_intro')} "
            f'<a href="{REGISTER_PATH}?lang={language}">algoritmeregister.json</a></p>'
            f'<p><a href="{PRIVACY_PATH}?lang={language}">{text("privacy_link")}</a></p>'
        )
        return document(language, say(self._catalogue, "title", language), body)

    async def page(self, request: web.Request) -> web.Response:
        language = normalise_language(request.query.get("lang", ""))
        response = web.Response(text=self._page(language), content_type="text/html")
        response.headers["Content-Security-Policy"] = STRICT_CSP
        return response

    async def register(self, request: web.Request) -> web.Response:
        language = normalise_language(request.query.get("lang", ""))
        described = algorithm_register(self._catalogue, self._quality, language)
        response = web.Response(
            text=json.dumps(described, ensure_ascii=False, indent=2),
            content_type="application/json",
        )
        response.headers["Content-Security-Policy"] = STRICT_CSP
        return response


def add_about(app: web.Application, catalogue: Catalogue, quality: Quality | None = None) -> None:
    """The transparency page and the register file, from ``catalogue`` and the last
    measurements (read once, at start)."""
    routes = AboutRoutes(catalogue, quality if quality is not None else load_quality())
    app.router.add_get(ABOUT_PATH, routes.page)
    app.router.add_get(REGISTER_PATH, routes.register)
