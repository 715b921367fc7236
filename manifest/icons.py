"""Draws the Teams app's icons: a compass (Koers means 'course'), in the centre's accent colour.

Teams wants a full-colour icon of 192×192 and an outline icon of 32×32 that is white on a
transparent background; both are drawn here, so they follow content/look.yml.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

COLOR_SIZE = 192
OUTLINE_SIZE = 32
WHITE = (255, 255, 255, 255)


def _compass(draw: ImageDraw.ImageDraw, size: int, ring: int) -> None:
    middle = size / 2
    radius = size * 0.36
    draw.ellipse(
        (middle - radius, middle - radius, middle + radius, middle + radius),
        outline=WHITE,
        width=ring,
    )
    needle = size * 0.30
    half = size * 0.08
    draw.polygon(
        [(middle, middle - needle), (middle + half, middle), (middle, middle + needle),
         (middle - half, middle)],
        fill=WHITE,
    )  # fmt: skip


def color_icon(accent: str) -> bytes:
    """192×192, opaque: a white compass on the accent colour."""
    image = Image.new("RGBA", (COLOR_SIZE, COLOR_SIZE), accent)
    _compass(ImageDraw.Draw(image), COLOR_SIZE, ring=10)
    return _png(image)


def outline_icon() -> bytes:
    """32×32: only white and transparent pixels, as Teams asks."""
    image = Image.new("RGBA", (OUTLINE_SIZE, OUTLINE_SIZE), (0, 0, 0, 0))
    _compass(ImageDraw.Draw(image), OUTLINE_SIZE, ring=2)
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
