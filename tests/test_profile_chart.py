"""The self-scan picture: served by Koers itself, with the same content in words beside it."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from PIL import Image

from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.test_orientation import Employee


async def _png(channel: Channel, path: str) -> Image.Image:
    async with channel.session.get(f"{channel.bot_url}{path}") as response:
        assert response.status == 200
        assert response.content_type == "image/png"
        return Image.open(io.BytesIO(await response.read()))


async def test_the_chart_is_a_png_with_a_bar_per_choice(channel: Channel) -> None:
    image = await _png(channel, "/profile.png?d=autonomy,variety,meaning&t=analysing&lang=nl")
    assert image.size[0] == 640
    colours = {colour for _, colour in image.convert("RGB").getcolors(1_000_000) or []}
    assert (236, 0, 0) in colours and (0, 70, 153) in colours


@pytest.mark.parametrize(
    "query",
    ["d=fame", "d=autonomy,autonomy", "t=analysing,creating,learning,precision", "d=<script>"],
)
async def test_unknown_or_too_many_ids_get_a_clear_400(channel: Channel, query: str) -> None:
    async with channel.session.get(f"{channel.bot_url}/profile.png?{query}") as response:
        assert response.status == 400
        assert "known ids" in (await response.json())["error"]["message"]


async def test_the_scan_result_in_teams_shows_the_chart_with_its_words_as_alt_text(
    channel: Channel, sink: ConnectorSink
) -> None:
    employee = Employee(channel, sink)
    await employee.opens()
    for answer in ("1", "sla over", "sla over", "sla over"):
        await employee.says(answer)
    await employee.clicks("start", "Ja, doe de scan")
    for choice in ("autonomy", "variety", "meaning"):
        await employee.clicks(choice, "…")
    await employee.clicks("analysing", "…")
    await employee.clicks("creating", "…")
    await employee._post(
        {**channel.message(employee.conversation, "…"), "value": {"koers_choice": "learning"}}, 5
    )
    result = next(
        a for a in sink.received if (a.get("text") or "").startswith("Je top 3 drijfveren")
    )
    # The words once, as the message; the card holds the picture with the same words.
    (image,) = result["attachments"][0]["content"]["body"]
    assert image["type"] == "Image"
    assert image["altText"] == result["text"]
    assert "Vrijheid, Afwisseling, Zingeving" in result["text"]
    url = urlsplit(image["url"])
    picture = await _png(channel, f"{url.path}?{url.query}")
    assert picture.size[1] > 300
