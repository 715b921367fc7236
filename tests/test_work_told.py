"""Work already told in a sentence is found in the employee's own words, and an age, a wish or
an illness is never taken for their work (the real words of content/answers.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from content import load_catalogue
from nlu.work_told import WorkTold

CONTENT = Path(__file__).resolve().parents[1] / "content"


@pytest.fixture(scope="module")
def work_told() -> WorkTold:
    answers = load_catalogue(CONTENT).answers
    return WorkTold(answers.tells_their_work, answers.says_what_they_want)


@pytest.mark.parametrize(
    ("typed", "work"),
    [
        (
            "ik ben nu twee jaar teamleider en ik wil coaching voor lastige gesprekken",
            "ik ben nu twee jaar teamleider",
        ),
        (
            "I'd like to move to another department, I've been a youth worker in Nieuw-West "
            "for 6 years",
            "I've been a youth worker in Nieuw-West for 6 years",
        ),
        (
            "Hoi, ik ben Sanne en ik werk al 8 jaar als jurist bij Zuid. Ik wil iets anders.",
            "ik werk al 8 jaar als jurist bij Zuid",
        ),
        # "en" inside a name is no new statement; "en ik" is.
        (
            "ik werk al 10 jaar bij Werk en Inkomen en ik zoek iets nieuws",
            "ik werk al 10 jaar bij Werk en Inkomen",
        ),
        (
            "I work as a data analyst at finance, 5 years, and I want to grow",
            "I work as a data analyst at finance, 5 years",
        ),
        (
            "ik ben sinds 2019 beleidsmedewerker bij de gemeente",
            "ik ben sinds 2019 beleidsmedewerker bij de gemeente",
        ),
        ("I'm a policy officer at housing and I'm bored", "I'm a policy officer at housing"),
        (
            "I'm a team leader at the city archive and my department is being reorganised",
            "I'm a team leader at the city archive",
        ),
        (
            "Ik werk 15 jaar bij de gemeente, als administratief medewerker",
            "Ik werk 15 jaar bij de gemeente, als administratief medewerker",
        ),
        # An age, a wish, an illness, or work named without saying what it is: not told.
        ("ik ben 63 en zit in mijn laatste jaren", None),
        ("ik ben 58 jaar en wil minder werken", None),
        ("I'm 31 years old and want something else", None),
        ("ik wil werken als kok", None),
        ("I want to work at another department", None),
        ("ik ben al 3 jaar ziek thuis", None),
        ("mijn werk bij de gemeente is zwaar", None),
        ("I work in a team where the atmosphere is bad", None),
        ("I'm a bit tired of my job", None),
        ("I am at a crossroads in my career", None),
        ("", None),
    ],
)
def test_work_told_in_a_sentence(work_told: WorkTold, typed: str, work: str | None) -> None:
    assert work_told.find(typed) == work
