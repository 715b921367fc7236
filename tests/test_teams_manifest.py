"""The Teams app package: valid against the official manifest and localisation schemas of its
version (from npm's @microsoft/app-manifest, offline), icons Teams accepts, exactly the files
Teams expects at the root of the zip."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from PIL import Image

from manifest.package import PackageError, build, write_zip
from server.settings import PROJECT_ROOT, Settings

SCHEMAS = PROJECT_ROOT / "node_modules" / "@microsoft" / "app-manifest" / "build" / "json-schemas"
BOT_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


def schema(name: str) -> Draft7Validator:
    """Draft 7, although the files say draft 4: they use `const`, which draft 4 ignores."""
    path = SCHEMAS / "teams" / "v1.30" / name
    if not path.is_file():
        pytest.fail("the Teams schemas are missing: `make test` installs them from npm")
    return Draft7Validator(json.loads(path.read_text(encoding="utf-8")))


def problems(validator: Draft7Validator, document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(document)
    ]


@pytest.fixture
def package_zip(tmp_path: Path) -> zipfile.ZipFile:
    settings = Settings(app_id=BOT_ID, public_url="https://koers.gemeente.example")
    target = write_zip(build(settings), tmp_path / "koers.zip")
    return zipfile.ZipFile(target)


def test_the_package_holds_exactly_what_teams_accepts(package_zip: zipfile.ZipFile) -> None:
    assert sorted(package_zip.namelist()) == [
        "color.png",
        "en-us.json",
        "manifest.json",
        "outline.png",
    ]
    manifest = json.loads(package_zip.read("manifest.json"))
    assert problems(schema("MicrosoftTeams.schema.json"), manifest) == []
    english = json.loads(package_zip.read("en-us.json"))
    assert problems(schema("MicrosoftTeams.Localization.schema.json"), english) == []

    assert manifest["manifestVersion"] == "1.30"
    (bot,) = manifest["bots"]
    assert bot["botId"] == BOT_ID
    assert sorted(bot["scopes"]) == ["personal", "team"]
    titles = [c["title"] for c in bot["commandLists"][0]["commands"]]
    assert titles == ["help", "opnieuw", "adviseur"]
    assert english["bots[0].commandLists[0].commands[1].title"] == "start again"
    assert manifest["validDomains"] == ["koers.gemeente.example"]
    assert manifest["developer"]["privacyUrl"] == "https://intranet.gemeente.example/koers/privacy"
    assert manifest["accentColor"] == "#004699"
    assert "chatbot, geen mens" in manifest["description"]["full"]


def test_the_schema_check_catches_a_broken_manifest(package_zip: zipfile.ZipFile) -> None:
    manifest = json.loads(package_zip.read("manifest.json"))
    validator = schema("MicrosoftTeams.schema.json")
    assert problems(validator, {**manifest, "manifestVersion": "1.29"})
    assert problems(validator, {**manifest, "id": "not-a-guid"})
    assert problems(validator, {**manifest, "name": {"short": "x" * 31}})


def test_the_icons_are_the_sizes_and_colours_teams_asks_for(
    package_zip: zipfile.ZipFile,
) -> None:
    color = Image.open(io.BytesIO(package_zip.read("color.png")))
    assert color.size == (192, 192)
    outline = Image.open(io.BytesIO(package_zip.read("outline.png"))).convert("RGBA")
    assert outline.size == (32, 32)
    raw = outline.tobytes()
    pixels = [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]
    visible = [p for p in pixels if p[3] > 0]
    assert visible and len(visible) < len(pixels)  # a drawing on a transparent background
    assert {p[:3] for p in visible} == {(255, 255, 255)}  # and only white


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"app_id": ""}, "MicrosoftAppId"),
        ({"app_id": "koers"}, "MicrosoftAppId"),
        ({"public_url": "http://koers.gemeente.example"}, "PUBLIC_BASE_URL"),
    ],
)
def test_without_the_right_settings_the_package_says_what_to_set(
    changes: dict[str, str], says: str
) -> None:
    settings = Settings(app_id=BOT_ID, public_url="https://koers.gemeente.example")
    with pytest.raises(PackageError, match=says):
        build(settings.with_changes(**changes))


def test_a_mistake_in_teams_app_yml_names_file_and_key(tmp_path: Path) -> None:
    import shutil

    import yaml

    from content import CatalogueError

    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content, ignore=shutil.ignore_patterns("*.py"))
    data = yaml.safe_load((content / "teams_app.yml").read_text(encoding="utf-8"))
    del data["name"]["short"]["en"]
    (content / "teams_app.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    settings = Settings(app_id=BOT_ID, public_url="https://k.example", content_dir=content)
    with pytest.raises(CatalogueError, match=r"teams_app\.yml: name\.short\.en"):
        build(settings)

    from app import check_content  # what `make check-content` runs

    with pytest.raises(CatalogueError, match=r"teams_app\.yml: name\.short\.en"):
        check_content(content)


def make_teams_package(**env: str) -> subprocess.CompletedProcess[str]:
    """What `make teams-package` runs, as a process, with these settings in its environment."""
    settings = {k: v for k, v in os.environ.items() if k not in {"MicrosoftAppId"}}
    return subprocess.run(
        [sys.executable, "app.py", "teams-package"],
        cwd=PROJECT_ROOT,
        env={**settings, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_make_teams_package_writes_a_package_that_passes_the_schema_check() -> None:
    done = make_teams_package(MicrosoftAppId=BOT_ID, PUBLIC_BASE_URL="https://koers.example")
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(PROJECT_ROOT / "manifest" / "build" / "koers.zip") as package:
        manifest = json.loads(package.read("manifest.json"))
        assert problems(schema("MicrosoftTeams.schema.json"), manifest) == []
        assert manifest["validDomains"] == ["koers.example"]

    refused = make_teams_package(PUBLIC_BASE_URL="https://koers.example")
    assert refused.returncode == 2 and "MicrosoftAppId" in refused.stderr
