"""The catalogue the career centre edits is checked at start; a broken file names file and key."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from app import create_app
from content import CatalogueError, load_catalogue
from content.catalogue import REQUIRED_IDS
from content.look import load_look
from server.settings import PROJECT_ROOT, Settings

CONTENT = PROJECT_ROOT / "content"


def test_the_shipped_catalogue_is_complete() -> None:
    catalogue = load_catalogue(CONTENT)
    assert list(catalogue.drivers) == list(REQUIRED_IDS["drivers"])
    assert list(catalogue.talents) == list(REQUIRED_IDS["talents"])
    assert set(REQUIRED_IDS["products"]) <= set(catalogue.products)
    assert set(REQUIRED_IDS["themes"]) <= set(catalogue.themes)
    tma = catalogue.products["tma"]
    assert "Talent Motivatie Analyse" in tma.name.nl
    assert tma.summary.en and tma.how_to_start.nl
    assert "Talentvol Coachen" in catalogue.products["talent_workshop"].name.nl


def test_every_message_the_code_uses_exists() -> None:
    """Code holds keys, content holds sentences: every key in a ``t("...")`` call is defined."""
    messages = load_catalogue(CONTENT).messages
    used: set[str] = set()
    for path in PROJECT_ROOT.glob("*/**/*.py"):
        if {".venv", "node_modules", "tests"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute | ast.Name)
                and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
                == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                used.add(str(node.args[0].value))
    assert used, "no message keys found: the scan is broken"
    assert sorted(used - set(messages.keys())) == []


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _edit(folder: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _drop_english_summary(data: dict[str, Any]) -> None:
    del data["products"][3]["summary"]["en"]


def _unknown_driver(data: dict[str, Any]) -> None:
    data["products"][1]["drivers"].append("fame")


def _duplicate_talent(data: dict[str, Any]) -> None:
    data["talents"][1]["id"] = "analysing"


def _drop_a_driver(data: dict[str, Any]) -> None:
    data["drivers"] = [d for d in data["drivers"] if d["id"] != "meaning"]


def _bad_id(data: dict[str, Any]) -> None:
    data["themes"][0]["id"] = "Career Orientation!"


def _placeholder_mismatch(data: dict[str, Any]) -> None:
    data["orientation.next"]["en"] = "Mail {contact_mail} please"


def _unclosed_brace(data: dict[str, Any]) -> None:
    data["error.apology"]["nl"] = "Sorry {"


def _attribute_placeholder(data: dict[str, Any]) -> None:
    data["error.apology"]["nl"] = "{bot_name.__class__}"
    data["error.apology"]["en"] = "{bot_name.__class__}"


def _french(data: dict[str, Any]) -> None:
    data["welcome.greeting"]["fr"] = "Bonjour"


def _rule_for_unknown_product(data: dict[str, Any]) -> None:
    data["rules"][0]["product"] = "yoga"


def _rule_with_unknown_condition(data: dict[str, Any]) -> None:
    data["rules"][1]["when"] = {"age": [60]}


def _rule_with_unknown_theme(data: dict[str, Any]) -> None:
    data["rules"][2]["when"] = {"themes": ["travel"]}


def _unknown_command(data: dict[str, Any]) -> None:
    data["commands"]["dance"] = {"nl": ["dans"], "en": ["dance"]}


def _plain_http_privacy(data: dict[str, Any]) -> None:
    data["privacy_url"] = "http://intranet.example/privacy"


def _unknown_privacy_placeholder(data: dict[str, Any]) -> None:
    data["sections"][1]["nl"] += " {bewaartermijn}"


def _no_delete_words(data: dict[str, Any]) -> None:
    data["requests"]["delete"] = {"nl": [], "en": ["delete my data"]}


def _privacy_without_version(data: dict[str, Any]) -> None:
    del data["version"]


@pytest.mark.parametrize(
    ("file", "change", "key", "problem"),
    [
        ("products.yml", _drop_english_summary, "tma.summary.en", "translation is missing"),
        ("products.yml", _unknown_driver, "e_coaching.drivers", "unknown id 'fame'"),
        ("talents.yml", _duplicate_talent, "analysing", "appears twice"),
        ("drivers.yml", _drop_a_driver, "meaning", "required driver is missing"),
        ("themes.yml", _bad_id, "themes[0].id", "lower-case"),
        ("messages.yml", _placeholder_mismatch, "orientation.next", "different {names}"),
        ("messages.yml", _unclosed_brace, "error.apology.nl", "not closed"),
        ("messages.yml", _attribute_placeholder, "error.apology.nl", "not a plain name"),
        ("messages.yml", _french, "welcome.greeting", "unknown language fr"),
        ("centre.yml", _plain_http_privacy, "centre.privacy_url", "https://"),
        ("privacy.yml", _unknown_privacy_placeholder, "sections[1].nl", "{bewaartermijn}"),
        ("privacy.yml", _no_delete_words, "requests.delete", "words in nl and en"),
        ("privacy.yml", _privacy_without_version, "privacy.version", "non-empty text"),
        ("recommendations.yml", _rule_for_unknown_product, "rules[0].product", "'yoga'"),
        ("orientation.yml", _unknown_command, "commands.dance", "not a command"),
        ("recommendations.yml", _rule_with_unknown_condition, "rules[1].when", "'age'"),
        ("recommendations.yml", _rule_with_unknown_theme, "rules[2].when.themes", "'travel'"),
    ],
)
def test_a_broken_catalogue_names_file_and_key(
    content_copy: Path,
    file: str,
    change: Callable[[dict[str, Any]], None],
    key: str,
    problem: str,
) -> None:
    _edit(content_copy, file, change)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(content_copy)
    assert caught.value.file == file
    assert caught.value.key == key
    assert problem in str(caught.value)
    assert str(caught.value).startswith(f"{file}: {key}: ")


def test_a_file_that_is_not_yaml_is_reported_with_its_line(content_copy: Path) -> None:
    (content_copy / "talents.yml").write_text("talents:\n  - id: x\n    name: [unclosed\n")
    with pytest.raises(CatalogueError, match=r"^talents\.yml: line \d+: this is not valid YAML"):
        load_catalogue(content_copy)


def test_a_missing_file_is_reported(content_copy: Path) -> None:
    (content_copy / "products.yml").unlink()
    with pytest.raises(CatalogueError, match=r"^products\.yml: -: the file is missing"):
        load_catalogue(content_copy)


def test_koers_does_not_start_with_a_broken_catalogue(
    content_copy: Path, settings: Settings
) -> None:
    _edit(content_copy, "products.yml", _unknown_driver)
    with pytest.raises(CatalogueError):
        create_app(settings.with_changes(content_dir=content_copy))
    result = subprocess.run(
        [sys.executable, "app.py"],
        cwd=PROJECT_ROOT,
        env={"KOERS_CONTENT_DIR": str(content_copy), "DATABASE_URL": settings.database_url},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "products.yml: e_coaching.drivers: unknown id 'fame'" in result.stderr


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        ({"accent_colour": "#FFFF00"}, "accent_text_colour", "contrast with accent_colour"),
        ({"bot_bubble_text": "#EEEEEE"}, "bot_bubble_text", "at least 4.5:1"),
        ({"page_background": "red"}, "page_background", "a colour like"),
        ({"logo": "../../etc/passwd.svg"}, "logo", "inside the content folder"),
        ({"logo": "look/missing.svg"}, "logo", "does not exist"),
    ],
)
def test_a_web_chat_look_people_cannot_read_is_refused(
    content_copy: Path, change: dict[str, str], key: str, problem: str
) -> None:
    _edit(content_copy, "look.yml", lambda data: data.update(change))
    with pytest.raises(CatalogueError) as raised:
        load_look(content_copy)
    assert str(raised.value).startswith(f"look.yml: {key}")
    assert problem in str(raised.value)
