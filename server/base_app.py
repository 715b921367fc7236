"""The application every feature is added to: JSON errors, the guard (headers, size, time and
rate limits), the keys every feature reads, /healthz and the pages' stylesheet.

Features then register their own routes, middleware, app keys and background work, each with one
``add_...`` function; ``app.py`` calls them in order.
"""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from content import Catalogue
from server import pages
from server.app_keys import CATALOGUE, ENGINE, SETTINGS
from server.health import healthz
from server.http_errors import errors_as_json
from server.settings import Settings
from server.web_guard import add_guard


def base_app(settings: Settings, engine: AsyncEngine, catalogue: Catalogue) -> web.Application:
    """A new application with the platform in place and no feature yet."""
    app = web.Application(client_max_size=settings.max_request_bytes, middlewares=[errors_as_json])
    add_guard(app, settings)
    app[SETTINGS] = settings
    app[ENGINE] = engine
    app[CATALOGUE] = catalogue
    app.router.add_get("/healthz", healthz)
    pages.add_routes(app)
    return app
