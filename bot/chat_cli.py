"""``make chat``: talk to Koers in a terminal, with the same bot and database as the web app."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from bot.console_adapter import ConsoleAdapter
from bot.core import build_core, prepare_database
from content import CatalogueError
from nlu.model import ModelMissingError
from server.logs import configure_logging
from server.settings import Settings, SettingsError

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="koers-chat", description=__doc__)
    parser.add_argument("--lang", choices=["nl", "en"], default="nl", help="the chat's language")
    language = parser.parse_args(argv).lang
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        sys.stderr.write(f"koers: {error}\n")
        return 2
    configure_logging("WARNING")
    try:
        asyncio.run(chat(settings, "en-GB" if language == "en" else "nl-NL"))
    except (CatalogueError, ModelMissingError) as error:
        sys.stderr.write(f"koers: cannot start: {error}\n")
        return 2
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
