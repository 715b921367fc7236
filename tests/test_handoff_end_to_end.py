"""From an employee's web chat to a closed intake, over real HTTP with real parts: the intake is
stored, an advisor proposed, a card posted in the (fake) Teams channel, a mail delivered to a
real SMTP server, and the advisor signs in, claims and closes it in the console; the employee
hears that an advisor has it, and the audit trail shows every step."""

from __future__ import annotations

import re

import aiohttp
from sqlalchemy import update

from advisors.audit import trail
from advisors.intake_store import IntakeStore
from advisors.setup import OUTBOX
from app import create_app
from server.app_keys import ENGINE
from server.settings import Settings
from storage.tables import advisors
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.support.directline import SECRET, DirectLine
from tests.support.servers import serve
from tests.support.smtp import parts, smtp_server
from tests.test_advisor_console import EMAILS, PASSWORD, browser, sign_in
from tests.test_advisor_teams import CHANNEL

# A wish long enough to be the question itself (a shorter one gets "Wil je daar iets meer
# over vertellen?").
WISH = "Ik wil graag een andere baan binnen de gemeente, het liefst iets met data en meer vrijheid"

EMPLOYEE_SAYS = [
    (
        WISH,
        "Hoe dringend",
    ),
    ("Binnen een paar weken", "Wat voor werk doe je nu"),
    ("sla over", "Wil je een korte scan doen"),
    ("Nee, sla over", "Wil je dat een loopbaanadviseur contact met je opneemt?"),
    ("Ja, graag", "Hoe wil je dat de adviseur contact met je opneemt?"),
    ("Per e-mail", "Op welk e-mailadres?"),
    ("jan.jansen@gemeente.example", "Dit zou ik sturen:"),
    ("Ja, verstuur", "Dank je. Je aanvraag is verstuurd"),
]


async def test_from_the_employees_chat_to_a_closed_intake(
    settings: Settings, sink: ConnectorSink
) -> None:
    from advisors.accounts import Accounts

    with smtp_server() as (inbox, smtp_url):
        app = create_app(
            settings.with_changes(
                smtp_url=smtp_url, outbox_interval_seconds=0, direct_line_secret=SECRET
            )
        )
        async with serve(app) as url, aiohttp.ClientSession() as session:
            engine = app[ENGINE]
            await Accounts(engine).set_password(EMAILS["anna"], PASSWORD)
            async with engine.begin() as connection:
                await connection.execute(
                    update(advisors).where(advisors.c.id == "anna").values(teams_id="aad-anna")
                )
            teams = Channel(session, url, sink.url)
            status, _ = await teams.post(
                teams.activity(
                    CHANNEL,
                    conversation={"id": CHANNEL, "conversationType": "channel"},
                    text="<at>Koers</at> registreer",
                    **{"from": {"id": "29:anna", "aadObjectId": "aad-anna"}},
                )
            )
            assert status == 200

            # The employee, in the web chat on the intranet.
            dl = DirectLine(session, url)
            employee = await dl.start()
            await dl.bot_says(employee, 3)
            for text, answer in EMPLOYEE_SAYS:
                await dl.send(employee, text)
                said = await dl.bot_says(employee)
                assert any(answer in line for line in said), (text, said)
            assert any(a.get("name") == "handoff.initiate" for a in employee.seen)
            (intake,) = await IntakeStore(engine).all()

            # Koers delivers: a card in the advisors' channel and a mail to the proposed advisor.
            assert await app[OUTBOX].run_once() == 2
            card = next(
                c
                for c in sink.calls
                if c[0] == "POST" and CHANNEL in c[1] and c[2].get("attachments")
            )
            assert intake["reference"] in str(card[2])
            (mail,) = inbox.messages
            assert mail["To"] == EMAILS["anna"]
            plain, _ = parts(mail)
            link = re.search(r"http://\S+/advisor/intakes/\S+", plain)
            assert link is not None and intake["id"] in link.group(0)

            # The advisor follows the link, signs in, claims and closes.
            async with browser() as advisor:
                assert await sign_in(advisor, url, EMAILS["anna"], PASSWORD) == 303
                page_url = f"{url}/advisor/intakes/{intake['id']}"
                async with advisor.get(page_url) as response:
                    page = await response.text()
                csrf = re.search(r'name="csrf" value="([^"]+)"', page)
                assert csrf is not None
                for form in (
                    {"action": "claim"},
                    {"action": "contacted"},
                    {"action": "close", "closing_reason": "Loopbaangesprek gepland"},
                ):
                    async with advisor.post(page_url, data={**form, "csrf": csrf.group(1)}) as done:
                        assert done.status == 200
                        assert "Dat kan niet" not in await done.text()

            # The card shows who has it; the employee hears it in the web chat.
            assert await app[OUTBOX].run_once() >= 2
            update_call = next(c for c in sink.calls if c[0] == "PUT")
            assert "Opgepakt door Anna de Vries" in str(update_call[2])
            told = await dl.bot_says(employee)
            assert told[-1].startswith("Goed nieuws: een adviseur")

    steps = [(line["actor"], line["action"]) for line in await trail(engine, intake["id"])]
    assert steps[:3] == [("koers", "stored"), ("koers", "proposed"), ("koers", "teams_card_sent")]
    assert ("koers", "advisor_mail_sent") in steps
    for step in [
        ("anna", "read"),
        ("anna", "claimed"),
        ("anna", "status"),
        ("koers", "teams_card_update_sent"),
        ("koers", "employee_claimed_sent"),
    ]:
        assert step in steps, step
