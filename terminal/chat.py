"""``make chat`` (``python app.py chat``): talk to Koers in a terminal, with the same bot and
database as the web app."""

from __future__ import annotations

import asyncio

from botbuilder.core import Bot

from bot.turn_errors import TurnErrorHandler
from terminal.console_adapter import ConsoleAdapter

QUIT_WORDS = {"/quit", "/exit", "/stop"}


def _show(text: str) -> None:
    print(f"Koers: {text}\n", flush=True)


async def chat(bot: Bot, on_turn_error: TurnErrorHandler, locale: str) -> None:
    """Read lines until /quit or the end of the input; ``app.py chat`` builds the bot and
    closes the database afterwards."""
    adapter = ConsoleAdapter(bot, _show, on_turn_error, locale=locale)
    print("(Typ /quit om te stoppen. Type /quit to leave.)\n", flush=True)
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
