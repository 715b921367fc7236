"""The official botframework-directlinejs client (npm, run in Node) talks to Koers unchanged,
over WebSocket and over polling."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from app import create_app
from tests.support.directline import SECRET
from tests.support.servers import serve
from tests.test_directline import webchat_settings

# A wish long enough to be the question itself (a shorter one gets "Wil je daar iets meer
# over vertellen?").
WISH = "Ik wil graag een andere baan binnen de gemeente, het liefst iets met data en meer vrijheid"

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "node" / "directline_conversation.cjs"


@pytest.fixture(scope="module")
def node() -> str:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "botframework-directlinejs").is_dir():
        pytest.fail("Node.js and the npm packages are needed: `make test` installs them")
    return node


@pytest.mark.parametrize("mode", ["websocket", "polling"])
async def test_the_official_client_holds_a_conversation(
    node: str, sqlite_url: str, mode: str
) -> None:
    async with serve(create_app(webchat_settings(sqlite_url))) as url:
        process = await asyncio.create_subprocess_exec(
            node,
            str(SCRIPT),
            url,
            SECRET,
            mode,
            WISH,
            "Binnen een paar weken",
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, stderr.decode()
    result = json.loads(stdout)
    assert "Online" in result["statuses"]
    assert result["duplicates"] == 0
    texts = [(a["role"], a["text"]) for a in result["activities"]]
    assert texts[0][1].startswith("Hoi! Ik ben Koers")
    assert (
        "user",
        WISH,
    ) in texts
    assert texts[-1][0] == "bot"
    assert texts[-1][1].startswith("Wat voor werk doe je nu")
    numbers = [int(activity_id.split("|")[1]) for activity_id in result["ids"]]
    assert numbers == list(range(1, len(numbers) + 1))  # every activity, once, in order
