"""Typed keys for what every feature finds on the aiohttp application: settings, the database
and the catalogue. A feature's own keys live with the feature."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from content import Catalogue
from server.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", AsyncEngine)
CATALOGUE = web.AppKey("catalogue", Catalogue)
