"""``GET /profile.png``: the self-scan's top 3 drivers and talents as a picture.

The URL carries only catalogue ids (``?d=autonomy,variety&t=analysing&lang=nl``), nothing about
the employee, so it needs no secret. Every message that shows the picture also says the same
in words (its alt text), for screen readers and channels without images.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from urllib.parse import urlencode

from aiohttp import web
from PIL import Image, ImageDraw, ImageFont

from content import Catalogue, Entry, normalise_language
from server.app_keys import CATALOGUE
from server.http_errors import json_error

WIDTH, ROW, PAD = 640, 44, 24
# DejaVu (Debian's fonts-dejavu-core; `make test` installs it) has every letter of Dutch;
# Pillow's own font lacks "ë", so without DejaVu accents are dropped rather than boxed.
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
COLOURS = {"drivers": (236, 0, 0), "talents": (0, 70, 153)}  # Amsterdam red, municipal blue
MAX_PER_KIND = 3


def chart_path(drivers: list[str], talents: list[str], language: str) -> str:
    """The path (with query) of the picture for these ids."""
    query = urlencode({"d": ",".join(drivers), "t": ",".join(talents), "lang": language})
    return f"/profile.png?{query}"


def render(catalogue: Catalogue, drivers: list[str], talents: list[str], language: str) -> bytes:
    """A PNG with one bar per driver and talent, longest for the most important."""
    groups = [
        ("drivers", catalogue.messages.t("chart.drivers", language), drivers, catalogue.drivers),
        ("talents", catalogue.messages.t("chart.talents", language), talents, catalogue.talents),
    ]
    rows = sum(1.5 + max(len(ids), 1) for _, _, ids, _ in groups)
    image = Image.new("RGB", (WIDTH, int(PAD * 2 + rows * ROW)), "white")
    draw = ImageDraw.Draw(image)
    title, label = _font(22), _font(18)
    plain = (lambda text: text) if FONT.exists() else _without_accents
    y = PAD
    for kind, heading, ids, entries in groups:
        draw.text((PAD, y), plain(heading), fill="black", font=title)
        y += ROW
        for rank, entry_id in enumerate(ids):
            entry: Entry = entries[entry_id]
            length = int((WIDTH - 2 * PAD) * (MAX_PER_KIND - rank) / MAX_PER_KIND)
            draw.rectangle((PAD, y + 4, PAD + length, y + ROW - 8), fill=COLOURS[kind])
            name = plain(entry.name.in_language(language))
            draw.text((PAD + 10, y + 10), name, fill="white", font=label)
            y += ROW
        y += ROW // 2 if ids else ROW
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default(size)


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _ids(raw: str, known: dict[str, Entry]) -> list[str] | None:
    ids = [part for part in raw.split(",") if part]
    if len(ids) > MAX_PER_KIND or len(set(ids)) != len(ids) or any(i not in known for i in ids):
        return None
    return ids


async def get_profile_png(request: web.Request) -> web.Response:
    catalogue = request.app[CATALOGUE]
    drivers = _ids(request.query.get("d", ""), dict(catalogue.drivers))
    talents = _ids(request.query.get("t", ""), dict(catalogue.talents))
    if drivers is None or talents is None:
        return json_error(400, "bad_request", "d and t take up to three known ids each")
    language = normalise_language(request.query.get("lang"))
    body = render(catalogue, drivers, talents, language)
    return web.Response(
        body=body,
        content_type="image/png",
        headers={"Cache-Control": "public, max-age=86400"},
    )
