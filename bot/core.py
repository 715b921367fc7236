"""The parts every door into Koers shares: catalogue, database, state, the bot, its error handler.

The web app (``app.py``) and the terminal chat build the bot here, so both run the same bot on the
same storage and neither copies the wiring of the other.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from botbuilder.core import ConversationState, Recognizer, UserState
from sqlalchemy.ext.asyncio import AsyncEngine

from advisors.channels import ChannelStore
from advisors.intake_store import IntakeStore
from advisors.queue import IntakeQueue
from advisors.roster import Advisor, AdvisorStore, load_roster
from bot.advisor_channel import AdvisorChannel
from bot.koers_bot import KoersBot
from bot.proactive import IntakeCards
from bot.profile_chart import chart_path
from bot.turn_errors import TurnErrorHandler, apologise_on_error
from content import Catalogue, load_catalogue
from dialogs.data_rights import DataRights
from insights.events import Journeys
from nlu.recognizer import KoersRecognizer, shared_nlu
from rights.export_links import ExportLinks
from rights.records import PersonalRecords
from server.clock import or_now
from server.settings import Settings
from server.token_keys import TokenKeySource
from storage.conversation_locks import ConversationLocks
from storage.engine import create_engine
from storage.migrate import upgrade
from storage.sql_storage import SqlStorage

log = logging.getLogger("koers.core")


@dataclass(frozen=True)
class Core:
    catalogue: Catalogue
    engine: AsyncEngine
    bot: KoersBot
    on_turn_error: TurnErrorHandler
    roster: tuple[Advisor, ...]
    cards: IntakeCards
    records: PersonalRecords
    export_links: ExportLinks
    # One conversation's turns one after the other, whichever door (and worker) they came in by.
    locks: ConversationLocks


def build_core(
    settings: Settings,
    recognizer: Recognizer | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Core:
    """Everything but the doors; raises ``CatalogueError`` when the content is broken and
    ``ModelMissingError`` when the NLU has not been trained."""
    catalogue = load_catalogue(settings.content_dir)
    catalogue.messages.use_retention(settings.retention)
    roster = tuple(load_roster(settings.content_dir, tuple(catalogue.themes)))
    if recognizer is None:
        recognizer = KoersRecognizer(
            shared_nlu(settings.nlu_model_dir, settings.content_dir, catalogue)
        )
    engine = create_engine(settings.database_url)
    storage = SqlStorage(engine)
    now = or_now(clock)
    cards = IntakeCards(catalogue, AdvisorStore(engine), settings.base_url)
    records = PersonalRecords(engine, catalogue.privacy.version)
    export_links = ExportLinks(TokenKeySource(engine, settings.token_key), settings.base_url, now)
    advisor_channel = AdvisorChannel(
        AdvisorStore(engine),
        IntakeQueue(engine, now),
        ChannelStore(engine),
        cards,
        catalogue.messages,
        now,
    )
    conversation_state = ConversationState(storage)
    bot = KoersBot(
        catalogue,
        conversation_state,
        UserState(storage),
        IntakeStore(engine).add,
        recognizer=recognizer,
        clock=clock,
        chart_url=lambda drivers, talents, language: (
            settings.base_url + chart_path(drivers, talents, language)
        ),
        advisor_channel=advisor_channel,
        data_rights=lambda memory: DataRights(catalogue, memory, records, export_links, now),
        journeys=Journeys(engine, conversation_state, now),
    )
    return Core(
        catalogue,
        engine,
        bot,
        apologise_on_error(catalogue.messages),
        roster,
        cards,
        records,
        export_links,
        ConversationLocks(engine),
    )


async def prepare_database(settings: Settings, core: Core) -> None:
    """Bring the schema up to date when allowed, and the advisors up to date with
    content/advisors.yml. A failure is logged, not raised: Koers starts anyway, /healthz reports
    the database, and the operator can migrate once it is back."""
    try:
        if settings.auto_migrate:
            await upgrade(core.engine)
        await AdvisorStore(core.engine).sync(core.roster)
    except Exception as error:
        log.error(
            "database migration failed",
            extra={"event": "migration_failed", "error_type": type(error).__name__},
        )
