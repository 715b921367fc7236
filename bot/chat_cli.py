"""``make chat`` (``python app.py chat``): talk to Koers in a terminal, with the same bot and
database as the web app."""

from __future__ import annotations

import asyncio

from bot.console_adapter import ConsoleAdapter
from bot.core import build_core, prepare_database
from server.settings import Settings

QUIT_WORDS = {"/quit", "/exit", "/stop"}


def _show(text: str) -> None:
    print(f"Koers: {text}\n", flush=True)


async def chat(settings: Settings, locale: str) -> None:
    core = build_core(settings)
    await prepare_database(settings, core)
    adapter = ConsoleAdapter(core.bot, _show, core.on_turn_error, locale=locale)
    print("(Typ /quit om te stoppen. Type /quit to leave.)\n", flush=True)
    try:
        await adapter.start()
        while True:
            try:
                line = await asyncio.to_thread(input, "jij> ")
            except EOFError:
                break
            text = line.strip()
            if text.lower() in QUIT_WORDS:
                break
            if text:
                await adapter.say(text)
    finally:
        await core.engine.dispose()
