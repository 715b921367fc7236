"""The web chat's look (colours and logo) from ``look.yml``, checked for contrast when loaded.

The centre edits colours freely; a combination that people with low vision cannot read stops
start-up with the file and key named, like every other content mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from content.catalogue import _File

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
MIN_CONTRAST = 4.5


@dataclass(frozen=True)
class Look:
    accent_colour: str
    accent_text_colour: str
    page_background: str
    bot_bubble_background: str
    bot_bubble_text: str
    logo: Path

    @property
    def logo_type(self) -> str:
        return LOGO_TYPES[self.logo.suffix.lower()]


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two #RRGGBB colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def load_look(directory: Path) -> Look:
    file = _File(directory, "look.yml")
    node = file.mapping(file.data, "-")
    colours: dict[str, str] = {}
    for key in (
        "accent_colour",
        "accent_text_colour",
        "page_background",
        "bot_bubble_background",
        "bot_bubble_text",
    ):
        value = file.string(node, key, "look")
        if not _COLOUR.fullmatch(value):
            raise file.error(key, "expected a colour like #004699")
        colours[key] = value.upper()
    for text, background in (
        ("accent_text_colour", "accent_colour"),
        ("bot_bubble_text", "bot_bubble_background"),
        ("accent_colour", "page_background"),
    ):
        ratio = contrast(colours[text], colours[background])
        if ratio < MIN_CONTRAST:
            raise file.error(
                text,
                f"contrast with {background} is {ratio:.1f}:1; at least {MIN_CONTRAST}:1 is needed",
            )
    logo_name = file.string(node, "logo", "look")
    logo = (directory / logo_name).resolve()
    if directory.resolve() not in logo.parents or logo.suffix.lower() not in LOGO_TYPES:
        raise file.error("logo", "expected an .svg or .png file inside the content folder")
    if not logo.is_file():
        raise file.error("logo", f"the file {logo_name} does not exist")
    return Look(logo=logo, **colours)
