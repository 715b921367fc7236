"""The shell every server-rendered page shares: the layout, escaping, the security headers, the
stylesheet, and the addresses the pages link to one another by.

The console, /insights, /privacy, /over-koers and the monthly report look alike because they
are built here; each feature adds only its own body.
"""

from __future__ import annotations

import html
from pathlib import Path

from aiohttp import web

STYLESHEET_FILE = Path(__file__).resolve().parent / "static" / "console.css"
# Served where the console first served it, so no page or bookmark has to change.
STYLESHEET_PATH = "/advisor/console.css"
ABOUT_PATH = "/over-koers"
PRIVACY_PATH = "/privacy"
# Public pages: nothing but their own stylesheet.
STRICT_CSP = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'"
# Signed-in pages also post forms and show Koers' own images.
SIGNED_IN_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def e(value: object) -> str:
    """``value`` as text that HTML shows and never runs (quotes too, for attributes)."""
    return html.escape(str(value), quote=True)


def document(language: str, title: str, body: str, header: str = "") -> str:
    """A whole page: ``title`` is escaped here; ``header`` and ``body`` are HTML already
    escaped by the caller."""
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{e(title)}</title><link rel="stylesheet" href="{STYLESHEET_PATH}"></head>'
        f"<body>{header}<main>{body}</main></body></html>"
    )


def secure_headers(response: web.StreamResponse) -> None:
    """What a signed-in page (or its download) carries: it may not be framed, cached or
    referred to."""
    response.headers["Content-Security-Policy"] = SIGNED_IN_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"


def stylesheet_text() -> str:
    """The stylesheet itself, for a file that must stand alone (the monthly report)."""
    return STYLESHEET_FILE.read_text(encoding="utf-8")


async def stylesheet(_request: web.Request) -> web.FileResponse:
    return web.FileResponse(STYLESHEET_FILE, headers={"Content-Type": "text/css"})


def add_routes(app: web.Application) -> None:
    """The stylesheet every page links to."""
    app.router.add_get(STYLESHEET_PATH, stylesheet)
