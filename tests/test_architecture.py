"""The import contracts in pyproject.toml hold for Koers, and they do catch an import that runs
up: a copy of the code with one upward import added breaks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from server.settings import PROJECT_ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _root_packages() -> list[str]:
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages: list[str] = config["tool"]["importlinter"]["root_packages"]
    return packages


def _lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _copy_of_the_code(target: Path) -> Path:
    """The Python files of every package the contracts name, and pyproject.toml."""
    shutil.copy(PROJECT_ROOT / "pyproject.toml", target / "pyproject.toml")
    shutil.copy(PROJECT_ROOT / "app.py", target / "app.py")

    def not_code(folder: str, names: list[str]) -> list[str]:
        return [
            name
            for name in names
            if name == "__pycache__" or (Path(folder, name).is_file() and name[-3:] != ".py")
        ]

    for package in _root_packages():
        shutil.copytree(PROJECT_ROOT / package, target / package, ignore=not_code)
    return target


def test_every_import_runs_downhill() -> None:
    result = _lint_imports(PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_that_runs_up_breaks_the_layers(tmp_path: Path) -> None:
    code = _copy_of_the_code(tmp_path)
    assert _lint_imports(code).returncode == 0
    storage = code / "storage" / "engine.py"
    storage.write_text(
        storage.read_text(encoding="utf-8") + "\nfrom bot.koers_bot import KoersBot  # noqa\n",
        encoding="utf-8",
    )
    result = _lint_imports(code)
    assert result.returncode == 1
    assert "storage is not allowed to import bot" in result.stdout
    assert "storage.engine -> bot.koers_bot" in result.stdout


def test_a_feature_that_knows_another_breaks_their_independence(tmp_path: Path) -> None:
    code = _copy_of_the_code(tmp_path)
    insights = code / "insights" / "events.py"
    insights.write_text(
        insights.read_text(encoding="utf-8") + "\nimport rights.records  # noqa\n",
        encoding="utf-8",
    )
    result = _lint_imports(code)
    assert result.returncode == 1
    assert "insights is not allowed to import rights" in result.stdout


def test_no_room_imports_the_composition_root(tmp_path: Path) -> None:
    code = _copy_of_the_code(tmp_path)
    advisors = code / "advisors" / "setup.py"
    advisors.write_text(
        advisors.read_text(encoding="utf-8") + "\nfrom app import create_app  # noqa\n",
        encoding="utf-8",
    )
    result = _lint_imports(code)
    assert result.returncode == 1
    assert "advisors.setup -> app" in result.stdout
