"""/over-koers and its algorithm register file: generated from content/ and the last
measurements, in Dutch and English, and every value escaped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import aiohttp
import yaml

from about.quality import load_quality
from app import create_app
from content import load_catalogue
from server.settings import Settings
from tests.support.servers import serve

CONTENT = Path("content")


async def _get(settings: Settings, path: str) -> tuple[int, str, str]:
    async with (
        serve(create_app(settings)) as url,
        aiohttp.ClientSession() as session,
        session.get(f"{url}{path}") as response,
    ):
        return response.status, response.headers["Content-Type"], await response.text()


async def test_the_page_says_what_koers_is_and_shows_every_rule(settings: Settings) -> None:
    catalogue = load_catalogue(CONTENT)
    status, kind, page = await _get(settings, "/over-koers")
    assert status == 200 and kind.startswith("text/html")
    assert '<html lang="nl">' in page
    assert "<h1>Over Koers</h1>" in page
    assert "Koers beslist niets over jou." in page
    assert "Het is een computerprogramma, geen mens." in page
    for rule in catalogue.rules:
        assert catalogue.products[rule.product].name.nl in page
        assert rule.reason.nl.replace("'", "&#x27;") in page
    assert "<li>Bij elke vraag</li>" in page  # the rule without conditions
    assert "<li>Je vraag gaat over: Ontdekken wat ik wil</li>" in page
    assert "<li>Hoe dringend: Het is dringend</li>" in page
    assert "<li>Je vraag gaat over: Ontdekken wat ik wil of De laatste jaren" in page
    assert "Talentworkshop „Talentvol Coachen”: Te volgen in: Nederlands" in page
    assert 'href="/over-koers/algoritmeregister.json?lang=nl"' in page
    assert 'href="/privacy?lang=nl"' in page
    quality = load_quality()
    assert quality.nlu is not None
    assert f"macro-F1) van {quality.nlu.macro_f1:.2f}" in page
    status, _, english = await _get(settings, "/over-koers?lang=en")
    assert '<html lang="en">' in english and "<h1>About Koers</h1>" in english
    assert "Koers decides nothing about you." in english
    assert "<li>Your question is about: Finding out what I want</li>" in english
    # The privacy statement links here.
    _, _, privacy = await _get(settings, "/privacy?lang=en")
    assert '<a href="/over-koers?lang=en">About Koers</a>' in privacy


async def test_the_register_file_holds_the_standard_fields_from_content(
    settings: Settings,
) -> None:
    status, kind, text = await _get(settings, "/over-koers/algoritmeregister.json?lang=en")
    assert status == 200 and kind.startswith("application/json")
    register = json.loads(text)
    assert register["standard"] == "Algoritmeregister publicatiestandaard"
    assert register["name"] == "Koers"
    assert register["organization"] == "Gemeente Voorbeeld"
    assert register["contact_email"] == "carrierecentrum@gemeente.example"
    assert register["status"] == "In gebruik"
    for field in ("goal_and_impact", "human_intervention", "risk_management", "legal_basis"):
        assert register[field], field
    assert "Koers decides nothing" in register["description_short"]
    assert "macro-F1" in register["methods_and_models"]
    assert {"when": ["For every question"], "product": "Career conversation"}.items() <= (
        register["rules"][-1].items()
    )


async def test_a_rule_changed_by_the_centre_is_on_the_page_at_once_and_escaped(
    settings: Settings, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    rules = yaml.safe_load((content / "recommendations.yml").read_text(encoding="utf-8"))
    rules["rules"][0]["reason"]["nl"] = "Nieuwe regel <script>alert(1)</script> van het centrum."
    (content / "recommendations.yml").write_text(
        yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8"
    )
    changed = settings.with_changes(content_dir=content)
    _, _, page = await _get(changed, "/over-koers?lang=<script>")
    assert '<html lang="nl">' in page
    assert "Nieuwe regel &lt;script&gt;alert(1)&lt;/script&gt; van het centrum." in page
    assert "<script>" not in page
    _, _, text = await _get(changed, "/over-koers/algoritmeregister.json")
    reasons = [rule["reason"] for rule in json.loads(text)["rules"]]
    assert "Nieuwe regel <script>alert(1)</script> van het centrum." in reasons


def test_quality_that_was_never_measured_says_so(tmp_path: Path) -> None:
    quality = load_quality(tmp_path / "none.json", tmp_path / "broken.json")
    assert quality.nlu is None and quality.conversations is None
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    assert load_quality(tmp_path / "none.json", tmp_path / "broken.json").conversations is None
