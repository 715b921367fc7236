"""Builds the Teams app package: ``manifest/build/koers.zip`` with manifest.json, its English
localisation, and the two icons, at the root of the zip as Teams expects.

The template (manifest.template.json) is filled from the settings (MicrosoftAppId, the public
address) and from the content the centre edits (the bot's name, privacy address, accent colour,
and content/teams_app.yml). Run: ``make teams-package`` (or ``python -m manifest.package``).
"""

from __future__ import annotations

import json
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from content import Catalogue, load_catalogue
from content.catalogue import _File
from content.look import load_look
from manifest.icons import color_icon, outline_icon
from server.settings import Settings

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "manifest.template.json"
BUILD = HERE / "build"
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# The Teams app's own id, made from the bot's id so a rebuild keeps the same app.
APP_NAMESPACE = uuid.UUID("5b0c3f6e-8d8e-4a4c-9a52-6f6b6f657273")


class PackageError(ValueError):
    """The package cannot be built with these settings; the message says what to set."""


@dataclass(frozen=True)
class Package:
    manifest: dict[str, Any]
    english: dict[str, Any]
    color: bytes
    outline: bytes

    def files(self) -> dict[str, bytes]:
        return {
            "manifest.json": json.dumps(self.manifest, ensure_ascii=False, indent=2).encode(),
            "en-us.json": json.dumps(self.english, ensure_ascii=False, indent=2).encode(),
            "color.png": self.color,
            "outline.png": self.outline,
        }


def _fill(node: Any, values: dict[str, Any]) -> Any:
    """The template with every "${name}" replaced; a whole-string placeholder may be a list."""
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(value, values) for value in node]
    if isinstance(node, str):
        whole = re.fullmatch(r"\$\{(\w+)\}", node)
        if whole:
            return values[whole.group(1)]
        return re.sub(r"\$\{(\w+)\}", lambda m: str(values[m.group(1)]), node)
    return node


def load_app_texts(directory: Path) -> dict[str, Any]:
    """content/teams_app.yml, checked: a mistake names the file and the key."""
    file = _File(directory, "teams_app.yml")
    top = file.mapping(file.data, "-")
    developer = file.mapping(top.get("developer"), "developer")
    name = file.mapping(top.get("name"), "name")
    description = file.mapping(top.get("description"), "description")
    items = top.get("commands")
    if not isinstance(items, list) or not 0 < len(items) <= 10:
        raise file.error("commands", "expected a list of 1 to 10 commands")
    commands = []
    for index, item in enumerate(items):
        node = file.mapping(item, f"commands[{index}]")
        commands.append(
            (
                file.text(node, "title", f"commands[{index}]"),
                file.text(node, "description", f"commands[{index}]"),
            )
        )
    texts: dict[str, Any] = {
        "version": file.string(top, "version", "-"),
        "developer": {
            key: file.string(developer, key, "developer")
            for key in ("name", "website_url", "terms_of_use_url")
        },
        "name_short": file.text(name, "short", "name"),
        "name_full": file.text(name, "full", "name"),
        "description_short": file.text(description, "short", "description"),
        "description_full": file.text(description, "full", "description"),
        "commands": commands,
    }
    return texts


def build(settings: Settings, catalogue: Catalogue | None = None) -> Package:
    if not _GUID.fullmatch(settings.app_id):
        raise PackageError("set MicrosoftAppId to the bot's app id (a GUID) first")
    public = urlsplit(settings.public_url)
    if public.scheme != "https" or not public.hostname:
        raise PackageError("set PUBLIC_BASE_URL to Koers' https:// address first")
    catalogue = catalogue or load_catalogue(settings.content_dir)
    look = load_look(settings.content_dir)
    app = load_app_texts(settings.content_dir)

    def commands(language: str) -> list[dict[str, str]]:
        return [
            {"title": title.in_language(language), "description": text.in_language(language)}
            for title, text in app["commands"]
        ]

    values = {
        "version": app["version"],
        "teams_app_id": str(uuid.uuid5(APP_NAMESPACE, settings.app_id.lower())),
        "developer_name": app["developer"]["name"],
        "website_url": app["developer"]["website_url"],
        "privacy_url": catalogue.centre.privacy_url,
        "terms_of_use_url": app["developer"]["terms_of_use_url"],
        "name_short": app["name_short"].nl,
        "name_full": app["name_full"].nl,
        "description_short": app["description_short"].nl,
        "description_full": app["description_full"].nl,
        "accent_colour": look.accent_colour,
        "bot_id": settings.app_id.lower(),
        "commands": commands("nl"),
        "domain": public.hostname,
    }
    manifest = _fill(json.loads(TEMPLATE.read_text(encoding="utf-8")), values)
    english: dict[str, Any] = {
        "$schema": "https://developer.microsoft.com/en-us/json-schemas/teams/v1.30/"
        "MicrosoftTeams.Localization.schema.json",
        "name.short": app["name_short"].en,
        "name.full": app["name_full"].en,
        "description.short": app["description_short"].en,
        "description.full": app["description_full"].en,
    }
    for index, command in enumerate(commands("en")):
        english[f"bots[0].commandLists[0].commands[{index}].title"] = command["title"]
        english[f"bots[0].commandLists[0].commands[{index}].description"] = command["description"]
    return Package(manifest, english, color_icon(look.accent_colour), outline_icon())


def write_zip(package: Package, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in package.files().items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))  # the same zip each time
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return target
