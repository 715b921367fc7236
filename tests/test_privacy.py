"""The employee's privacy, as they meet it: the first message says what Koers is and keeps, they
can see, export and delete their data from the chat, free text loses contact details before it
is stored, and what is past its retention period is purged."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import MetaData, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from advisors.accounts import Accounts
from advisors.intake_store import IntakeStore
from advisors.queue import Change, IntakeQueue
from advisors.roster import AdvisorStore
from app import create_app
from privacy.redact import redact
from privacy.retention import Retention
from rights.teams_files import FILE_CONSENT, FILE_INFO
from server.app_keys import ENGINE
from server.logs import configure_logging
from server.settings import PROJECT_ROOT, Settings
from storage.purge import purge
from storage.tables import dl_conversations, intakes
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.support.directline import SECRET, Conversation, DirectLine, read_frames
from tests.support.servers import serve

# Words no conversation would contain by chance, so finding one anywhere means it was kept.
QUESTION = "Ik wil graag een andere baan binnen de gemeente, weg bij Kwakkelstein. Bel 06-12345678"
WORK = "Archiefmedewerker Flapdrol sinds 2019"
EMAIL = "wilma.wervelwind@gemeente.example"
TYPED_WORDS = ("Kwakkelstein", "Flapdrol", "06-12345678", EMAIL)
TO_AN_INTAKE = [
    (QUESTION, "Wat wil je daarbij weten of bereiken?"),
    ("nee", "Hoe dringend"),
    ("Binnen een paar weken", "Wat voor werk doe je nu"),
    (WORK, "Wil je een korte scan doen"),
    ("Nee, sla over", "Wil je dat een loopbaanadviseur contact met je opneemt?"),
    ("Ja, graag", "Hoe wil je dat de adviseur contact met je opneemt?"),
    ("Per e-mail", "Op welk e-mailadres?"),
    (EMAIL, "Dit zou ik sturen:"),
    ("Ja, verstuur", "Je aanvraag is verstuurd"),
    ("sla over", "Wil je zeggen in welk deel van de gemeente"),
    ("sla over", "Dank je wel!"),
]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("mail me op jan.jansen@amsterdam.nl", "mail me op [e-mail]"),
        ("bel 06-12345678 of 020 123 4567", "bel [telefoonnummer] of [telefoonnummer]"),
        ("mijn nummer is +31 6 1234 5678.", "mijn nummer is [telefoonnummer]."),
        ("bsn 111222333", "bsn [bsn]"),
        ("bsn 111.222.333 klopt", "bsn [bsn] klopt"),
        ("123456789 is geen bsn", "123456789 is geen bsn"),  # fails the 11-check
        ("IBAN NL91 ABNA 0417 1643 00 graag", "IBAN [iban] graag"),
        ("nl91abna0417164300", "[iban]"),
        ("NL12 in 2020", "NL12 in 2020"),
        ("ik woon op 1012 AB 12a in Amsterdam", "ik woon op [postcode] in Amsterdam"),
        ("1012ab, 4", "[postcode]"),
        ("in 2026 op 3 dagen per week", "in 2026 op 3 dagen per week"),
        ("ik werk 12 jaar bij de gemeente, 36 uur", "ik werk 12 jaar bij de gemeente, 36 uur"),
        ("geboren in 1962, nog 2 jaar", "geboren in 1962, nog 2 jaar"),
    ],
)
def test_free_text_loses_contact_details_and_numbers(typed: str, kept: str) -> None:
    assert redact(typed) == kept


def _koers(settings: Settings, clock: Any = None) -> Any:
    return create_app(
        settings.with_changes(direct_line_secret=SECRET, outbox_interval_seconds=0),
        clock=clock,
    )


async def _to_an_intake(
    dl: DirectLine, steps: list[tuple[str, str]] = TO_AN_INTAKE
) -> Conversation:
    employee = await dl.start()
    await dl.bot_says(employee, 3)
    for text, answer in steps:
        await dl.send(employee, text)
        said = await dl.bot_says(employee)
        assert any(answer in line for line in said), (text, said)
    return employee


async def test_the_first_message_says_what_koers_is_keeps_and_why(settings: Settings) -> None:
    async with serve(_koers(settings)) as url, aiohttp.ClientSession() as session:
        dl = DirectLine(session, url)
        employee = await dl.start()
        greeting = " ".join(await dl.bot_says(employee, 3))
        assert "geen mens" in greeting and "AI" in greeting
        assert "30 dagen" in greeting  # how long
        assert "zodat je later verder kunt" in greeting  # why
        assert "versie 2026-11-26" in greeting and "privacy" in greeting
        await dl.send(employee, "privacy")
        (statement, *_) = await dl.bot_says(employee)
        assert "Privacy bij Koers" in statement and "12 maanden" in statement
        async with session.get(f"{url}/privacy?lang=en") as page:
            text = await page.text()
            assert page.status == 200 and "Privacy at Koers" in text
            assert "default-src 'none'" in page.headers["Content-Security-Policy"]


async def test_free_text_is_stored_without_contact_details(settings: Settings) -> None:
    app = _koers(settings)
    async with serve(app) as url, aiohttp.ClientSession() as session:
        await _to_an_intake(DirectLine(session, url))
        (intake,) = await IntakeStore(app[ENGINE]).all()
    assert intake["question"]["text"] == QUESTION.replace("06-12345678", "[telefoonnummer]")
    assert intake["contact"] == {"preference": "email", "email": EMAIL}  # given on purpose
    async with app[ENGINE].connect() as connection:
        stored = " ".join(row.data for row in await connection.execute(select_activities()))
    assert "06-12345678" not in stored and "[telefoonnummer]" in stored


async def test_after_an_intake_only_the_intake_holds_the_contact_details(
    settings: Settings,
) -> None:
    phone = "06-98765432"
    by_phone = [
        (text, answer) if text != "Per e-mail" else ("Bel me maar", "Op welk telefoonnummer?")
        for text, answer in TO_AN_INTAKE
        if text != EMAIL
    ]
    by_phone.insert(7, (phone, "Dit zou ik sturen:"))
    app = _koers(settings)
    async with serve(app) as url, aiohttp.ClientSession() as session:
        dl = DirectLine(session, url)
        by_mail = await _to_an_intake(dl)
        # On screen, the employee saw what would be sent, with their own address.
        assert any(EMAIL in str(seen.get("text")) for seen in by_mail.seen)
        caller = await _to_an_intake(dl, by_phone)
        assert any(phone in str(seen.get("text")) for seen in caller.seen)
        rows = await _all_rows(app[ENGINE])
    found = {
        table
        for table, kept in rows.items()
        for row in kept
        if EMAIL in row or phone in row or "98765432" in row
    }
    # The intakes and their delivery to the advisors, nothing else.
    assert "intakes" in found and found <= {"intakes", "outbox"}
    stored = " ".join(rows["dl_activities"])
    assert "Dit zou ik sturen:" in stored and "[e-mail]" in stored and "[telefoonnummer]" in stored


def select_activities() -> Any:
    from storage.tables import dl_activities

    return select(dl_activities.c.data)


async def test_the_employee_sees_and_downloads_what_koers_keeps(settings: Settings) -> None:
    now = [datetime(2026, 11, 25, 12, 0, tzinfo=UTC)]
    app = _koers(settings, clock=lambda: now[0])
    async with serve(app) as url, aiohttp.ClientSession() as session:
        dl = DirectLine(session, url)
        employee = await _to_an_intake(dl)
        (intake,) = await IntakeStore(app[ENGINE]).all()

        await dl.send(employee, "wat weet je van mij?")
        (shown,) = await dl.bot_says(employee)
        assert intake["reference"] in shown and "nog niet opgepakt" in shown
        assert "je vraag" in shown and "hoe je bereikt wilt worden" in shown

        await dl.send(employee, "exporteer mijn gegevens")
        (offered,) = await dl.bot_says(employee)
        link = re.search(r"https?://\S+", offered)
        assert link is not None and "10 minuten" in offered
        path = urlsplit(link.group(0))
        async with session.get(f"{url}{path.path}?{path.query}") as download:
            assert download.status == 200
            assert "attachment" in download.headers["Content-Disposition"]
            export = json.loads(await download.read())
        assert export["privacy_version"] == "2026-11-26"
        assert export["intakes"][0]["intake"]["contact"]["email"] == EMAIL
        said = [m.get("text") for m in export["conversations"][0]["messages"]]
        assert "wat weet je van mij?" in said
        assert export["state"]  # the conversation's memory, as plain JSON

        # The link is the employee's alone and short-lived.
        async with session.get(f"{url}{path.path}?{path.query}x") as forged:
            assert forged.status == 401
        now[0] += timedelta(minutes=11)
        async with session.get(f"{url}{path.path}?{path.query}") as expired:
            assert expired.status == 403


async def _all_rows(engine: AsyncEngine) -> dict[str, list[str]]:
    """Every row of every table in the database, as text."""
    async with engine.connect() as connection:
        metadata = MetaData()
        await connection.run_sync(metadata.reflect)
        return {
            table.name: [str(tuple(row)) for row in await connection.execute(select(table))]
            for table in metadata.sorted_tables
        }


async def test_deleting_ones_data_leaves_no_row_about_the_employee(database_url: str) -> None:
    app = _koers(Settings(database_url=database_url, port=0))
    async with serve(app) as url, aiohttp.ClientSession() as session:
        dl = DirectLine(session, url)
        employee = await _to_an_intake(dl)
        engine = app[ENGINE]
        async with engine.connect() as connection:
            user_id = (
                await connection.execute(
                    select(dl_conversations.c.user_id).where(dl_conversations.c.id == employee.id)
                )
            ).scalar_one()
        needles = (employee.id, user_id, *TYPED_WORDS)
        before = await _all_rows(engine)
        assert any(n in row for rows in before.values() for row in rows for n in needles)

        async with session.ws_connect(employee.stream_url) as socket:
            await read_frames(socket, len(employee.seen))
            await dl.send(employee, "verwijder mijn gegevens")
            (asked,) = await dl.bot_says(employee)
            assert "Weet je het zeker?" in asked
            await dl.send(employee, "Ja, verwijder alles")
            # The page still open is told, then its stream ends; nothing is left to poll.
            frames = await read_frames(socket, 4)
            notice = frames[-1]
            assert notice["channelData"] == {"koers": "erased"}
            assert "Je gegevens zijn verwijderd" in notice["text"]

        after = await _all_rows(engine)
        found = {
            (table, needle)
            for table, rows in after.items()
            for row in rows
            for needle in needles
            if needle in row
        }
        assert found == set()
        assert after["intakes"] == [] and after["dl_activities"] == []
        assert after["outbox"] == []  # the card and mail for the intake are not sent any more
        status, _ = await dl.call("GET", f"/conversations/{employee.id}/activities", employee.token)
        assert status == 404


async def test_an_intake_an_advisor_took_is_withdrawn_not_deleted(settings: Settings) -> None:
    app = _koers(settings)
    async with serve(app) as url, aiohttp.ClientSession() as session:
        dl = DirectLine(session, url)
        employee = await _to_an_intake(dl)
        engine = app[ENGINE]
        (intake,) = await IntakeStore(engine).all()
        anna = await AdvisorStore(engine).get("anna")
        assert anna is not None
        queue = IntakeQueue(engine)
        await queue.change(anna, intake["id"], Change(assignee="anna", note="Belt donderdag"))

        await dl.send(employee, "delete my data")
        await dl.bot_says(employee)
        await dl.send(employee, "ja")  # answered when the turn is done: erased by now
        item = await queue.get(anna, intake["id"])
    assert item.status == "withdrawn"
    assert item.intake["question"] == {"theme": intake["question"]["theme"]}
    assert item.notes == []
    text = json.dumps(item.intake)
    assert not any(word in text for word in TYPED_WORDS)


async def test_saying_no_to_the_confirmation_deletes_nothing(settings: Settings) -> None:
    app = _koers(settings)
    async with serve(app) as url, aiohttp.ClientSession() as session:
        dl = DirectLine(session, url)
        employee = await dl.start()
        await dl.bot_says(employee, 3)
        await dl.send(employee, "verwijder mijn gegevens")
        await dl.bot_says(employee)
        await dl.send(employee, "nee")
        said = await dl.bot_says(employee, 2)
        assert said[0] == "Oké, ik heb niets verwijderd."
        assert "Waar gaat je vraag over?" in said[1]  # the waiting question, asked again
    async with app[ENGINE].connect() as connection:
        kept = await connection.execute(
            select(dl_conversations.c.id).where(dl_conversations.c.id == employee.id)
        )
        assert kept.first() is not None


async def test_the_purge_removes_what_is_past_its_period(settings: Settings) -> None:
    start = datetime.now(UTC)  # bot state is stamped with the real time
    now = [start]
    app = _koers(settings.with_changes(purge_interval_hours=0), clock=lambda: now[0])
    async with serve(app) as url, aiohttp.ClientSession() as session:
        dl = DirectLine(session, url)
        await _to_an_intake(dl)
        (intake,) = await IntakeStore(app[ENGINE]).all()
        engine = app[ENGINE]
    retention = Retention(conversation_days=30, closed_intake_days=365, audit_days=730)

    counts = await purge(engine, start + timedelta(days=29), retention)
    assert counts["dl_conversations"] == 0 and counts["bot_state"] == 0

    counts = await purge(engine, start + timedelta(days=31), retention, dry_run=True)
    assert counts["dl_conversations"] == 1 and counts["bot_state"] >= 1
    assert (await _all_rows(engine))["dl_conversations"] != []  # a dry run deletes nothing

    counts = await purge(engine, start + timedelta(days=31), retention)
    assert counts["dl_conversations"] == 1 and counts["dl_activities"] > 10
    assert counts["intakes"] == 0  # open intakes stay until an advisor closes them

    async with engine.begin() as connection:
        await connection.execute(
            update(intakes)
            .where(intakes.c.id == intake["id"])
            .values(status="closed", closed_at=start + timedelta(days=40))
        )
    counts = await purge(engine, start + timedelta(days=40 + 364), retention)
    assert counts["intakes"] == 0
    counts = await purge(engine, start + timedelta(days=40 + 366), retention)
    assert counts["intakes"] == 1 and counts["outbox"] >= 1
    counts = await purge(engine, start + timedelta(days=731), retention)
    assert counts["audit"] >= 2
    rows = await _all_rows(engine)
    assert rows["intakes"] == [] and rows["audit"] == [] and rows["bot_state"] == []
    await engine.dispose()


async def test_a_coordinator_acts_on_a_request_that_came_by_mail(settings: Settings) -> None:
    from tests.test_advisor_console import EMAILS, PASSWORD, browser, sign_in

    app = _koers(settings)
    async with serve(app) as url, aiohttp.ClientSession() as session:
        employee = await _to_an_intake(DirectLine(session, url))
        engine = app[ENGINE]
        (intake,) = await IntakeStore(engine).all()
        accounts = Accounts(engine)
        for email in EMAILS.values():
            await accounts.set_password(email, PASSWORD)
        await IntakeQueue(engine).change(
            await _advisor(engine, "bram"), intake["id"], Change(assignee="bram")
        )
        page_url = f"{url}/advisor/intakes/{intake['id']}"

        async with browser() as advisor:  # an advisor is no coordinator
            assert await sign_in(advisor, url, EMAILS["bram"], PASSWORD) == 303
            async with advisor.get(f"{page_url}/employee.json") as response:
                assert response.status == 403
            async with advisor.get(page_url) as response:
                assert "Verwijder alle gegevens" not in await response.text()

        async with browser() as coordinator:
            assert await sign_in(coordinator, url, EMAILS["anna"], PASSWORD) == 303
            async with coordinator.get(
                f"{url}/advisor/find", params={"reference": intake["reference"].lower()}
            ) as response:
                assert str(response.url) == page_url
                page = await response.text()
            async with coordinator.get(f"{page_url}/employee.json") as response:
                export = json.loads(await response.read())
            assert export["intakes"][0]["intake"]["contact"]["email"] == EMAIL
            assert export["conversations"][0]["id"] == employee.id
            csrf = re.search(r'name="csrf" value="([^"]+)"', page)
            assert csrf is not None
            erase = f"{page_url}/employee/erase"
            async with coordinator.post(erase, data={"csrf": csrf.group(1)}) as response:
                assert response.status == 403  # not confirmed: nothing happens
            async with coordinator.post(
                erase, data={"csrf": csrf.group(1), "confirm": "yes"}
            ) as response:
                assert "Alle gegevens van de medewerker zijn verwijderd" in await response.text()
            async with coordinator.get(page_url) as response:
                page = await response.text()
            assert "De medewerker heeft deze aanvraag ingetrokken" in page
            assert "Kwakkelstein" not in page and EMAIL not in page
        rows = await _all_rows(engine)
        assert not any(employee.id in row for row in rows["dl_conversations"] + rows["bot_state"])


async def _advisor(engine: AsyncEngine, advisor_id: str) -> Any:
    found = await AdvisorStore(engine).get(advisor_id)
    assert found is not None
    return found


async def test_in_teams_the_export_comes_as_a_file_in_onedrive(
    channel: Channel, sink: ConnectorSink
) -> None:
    uploads: list[tuple[str, bytes]] = []

    async def onedrive(request: web.Request) -> web.Response:
        uploads.append((request.headers["Content-Range"], await request.read()))
        return web.json_response({"id": "file-1"}, status=201)

    upload_app = web.Application()
    upload_app.router.add_put("/upload/{name}", onedrive)
    async with serve(upload_app) as upload_url:
        personal = {"id": "a:export", "conversationType": "personal"}
        await channel.post(channel.message("a:export", "hoi", conversation=personal))
        await sink.wait_for_texts("a:export", 3)
        await channel.post(
            channel.message("a:export", "exporteer mijn gegevens", conversation=personal)
        )
        await sink.wait_for_texts("a:export", 5)  # the offer, and the waiting question again
        offer = next(
            a
            for _, path, a in sink.calls
            if "a:export" in path and a.get("attachments")
            and a["attachments"][0]["contentType"] == FILE_CONSENT
        )  # fmt: skip
        card = offer["attachments"][0]
        assert card["name"].endswith(".json") and card["content"]["sizeInBytes"] > 100
        assert "OneDrive" in offer["text"]

        invoke = channel.activity(
            "a:export",
            type="invoke",
            name="fileConsent/invoke",
            conversation=personal,
            value={
                "type": "fileUpload",
                "action": "accept",
                "context": card["content"]["acceptContext"],
                "uploadInfo": {
                    "contentUrl": "https://onedrive.example/koers-gegevens.json",
                    "name": card["name"],
                    "uploadUrl": f"{upload_url}/upload/{card['name']}",
                    "uniqueId": "unique-1",
                    "fileType": "json",
                },
            },
        )
        status, _ = await channel.post(invoke)
        assert status == 200
        ((content_range, body),) = uploads
        assert content_range == f"bytes 0-{len(body) - 1}/{len(body)}"
        export = json.loads(body)
        assert export["channel"] == "msteams" and export["state"]
        (*_, sent) = await sink.wait_for_texts("a:export", 6)
        assert sent == "Het bestand staat in je OneDrive."
        info = next(
            a["attachments"][0]
            for _, path, a in sink.calls
            if "a:export" in path and a.get("attachments")
            and a["attachments"][0]["contentType"] == FILE_INFO
        )  # fmt: skip
        assert info["content"] == {"uniqueId": "unique-1", "fileType": "json"}

        declined = {**invoke, "id": "declined-1", "value": {**invoke["value"], "action": "decline"}}
        await channel.post(declined)
        (*_, said) = await sink.wait_for_texts("a:export", 7)
        assert said == "Oké, ik stuur het bestand niet."
        assert len(uploads) == 1


async def test_the_logs_hold_no_typed_word_and_no_name(
    settings: Settings, sink: ConnectorSink, capsys: pytest.CaptureFixture[str]
) -> None:
    root, ours = logging.getLogger(), logging.getLogger("koers")
    kept_handlers, kept_level, kept_ours = root.handlers[:], root.level, ours.level
    configure_logging("DEBUG")  # the most an operator can turn on
    sink.member = {"name": "Wilma Wervelwind", "givenName": "Wilma", "aadObjectId": "aad-wilma"}
    typed = [text for text, _ in TO_AN_INTAKE] + ["wat weet je van mij?", "<script>x</script>"]
    try:
        app = _koers(settings)
        async with serve(app) as url, aiohttp.ClientSession() as session:
            dl = DirectLine(session, url)
            employee = await _to_an_intake(dl)
            for text in typed[-2:]:
                await dl.send(employee, text)
                await dl.bot_says(employee)
            teams = Channel(session, url, sink.url)
            personal = {"id": "a:wilma", "conversationType": "personal"}
            for text in typed[:3]:
                await teams.post(teams.message("a:wilma", text, conversation=personal))
            await sink.wait_for_texts("a:wilma", 5)
    finally:
        root.handlers[:] = kept_handlers
        root.setLevel(kept_level)
        ours.setLevel(kept_ours)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) > 20
    logged = [json.loads(line) for line in lines]  # every line is one JSON object
    text = " ".join(lines).casefold()
    words = {w for t in typed for w in re.findall(r"[\w@.-]{4,}", t.casefold())}
    assert sorted(w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)) == []
    for secret in ("wilma", "wervelwind", employee.id, "a:wilma"):
        assert secret.casefold() not in text
    hashed = {entry["conversation"] for entry in logged if "conversation" in entry}
    assert hashed and all(re.fullmatch(r"[0-9a-f]{16}|-", value) for value in hashed)


async def test_stop_forgets_the_answers_not_sent(settings: Settings) -> None:
    app = _koers(settings)
    async with serve(app) as url, aiohttp.ClientSession() as session:
        dl = DirectLine(session, url)
        employee = await dl.start()
        await dl.bot_says(employee, 3)
        for text, _ in TO_AN_INTAKE[:3]:
            await dl.send(employee, text)
            await dl.bot_says(employee)
        assert "Kwakkelstein" in str((await _all_rows(app[ENGINE]))["bot_state"])
        await dl.send(employee, "stop")
        (sure,) = await dl.bot_says(employee)
        assert "Dan vergeet ik de antwoorden die je nog niet hebt verstuurd." in sure
        await dl.send(employee, "ja")
        (said,) = await dl.bot_says(employee)
        assert "ben ik vergeten" in said
        state = str((await _all_rows(app[ENGINE]))["bot_state"])
    assert "Kwakkelstein" not in state and "Flapdrol" not in state


async def _an_old_conversation(settings: Settings) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=45)
    app = _koers(settings.with_changes(purge_interval_hours=0), clock=lambda: long_ago)
    async with serve(app) as url, aiohttp.ClientSession() as session:
        dl = DirectLine(session, url)
        employee = await dl.start()
        await dl.bot_says(employee, 3)
    await app[ENGINE].dispose()


def test_the_purge_runs_from_the_command_line(settings: Settings) -> None:
    asyncio.run(_an_old_conversation(settings))
    command = [sys.executable, str(PROJECT_ROOT / "app.py"), "purge"]
    environment = {**os.environ, "DATABASE_URL": settings.database_url}
    counted = subprocess.run(
        [*command, "--dry-run"], env=environment, capture_output=True, text=True, check=True
    )
    assert json.loads(counted.stdout)["dl_conversations"] == 1
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["dl_conversations"] == 1
    again = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
    assert json.loads(again.stdout)["dl_conversations"] == 0
    broken = subprocess.run(
        command,
        env={**environment, "DATABASE_URL": "sqlite+aiosqlite:////nonexistent/dir/x.db"},
        capture_output=True,
        text=True,
    )
    assert broken.returncode == 1 and "make db" in broken.stderr
    assert "Traceback" not in broken.stderr


@pytest.mark.parametrize("junk", ["a" * 100_000, "a@" * 50_000, "1" * 100_000, "x." * 50_000])
def test_redaction_reads_a_pasted_book_once(junk: str) -> None:
    # A pattern that tried again from every position would take minutes here (it did for
    # e-mail addresses: 40 s on 100,000 letters); the answer comes at once and is unchanged.
    assert redact(junk) == junk
    assert redact(junk + " mail me: a.b@c.nl") == junk + " mail me: [e-mail]"
