"""SqlStorage keeps botbuilder's storage contract on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest
from botbuilder.core import (
    ConversationState,
    MessageFactory,
    StoreItem,
    TurnContext,
)
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import (
    DialogSet,
    DialogState,
    DialogTurnStatus,
    PromptOptions,
    TextPrompt,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.dialog_turn_result import DialogTurnResult
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.sql_storage import ETagConflictError, SqlStorage


@pytest.fixture
def storage(engine: AsyncEngine) -> SqlStorage:
    return SqlStorage(engine)


async def test_reading_an_unknown_key_gives_nothing(storage: SqlStorage) -> None:
    assert await storage.read(["unknown"]) == {}
    assert await storage.read([]) == {}


async def test_null_keys_and_changes_are_refused_with_botbuilders_words(
    storage: SqlStorage,
) -> None:
    with pytest.raises(Exception, match=r"^Keys are required when reading$"):
        await storage.read(None)
    with pytest.raises(Exception, match=r"^Changes are required when writing$"):
        await storage.write(None)
    await storage.write({})  # writing nothing is fine


@pytest.mark.parametrize(
    "key",
    [
        "a/b/c",
        "what?is=this&that",
        "#hash tag",
        "with spaces  and\ttabs",
        "émoji 🧭 en café — ß",
        '!@#$%^&*()_+??><":QASD~`',
        "x" * 500,
        "ü" * 500,
    ],
)
async def test_keys_with_odd_characters_round_trip(storage: SqlStorage, key: str) -> None:
    await storage.write({key: {"id": 1, "text": key}})
    found = await storage.read([key])
    assert list(found) == [key]
    assert found[key]["id"] == 1
    assert found[key]["text"] == key


async def test_dicts_and_store_items_round_trip_with_an_e_tag(storage: SqlStorage) -> None:
    await storage.write(
        {
            "plain": {"id": 1, "nested": {"list": [1, "twee", None]}},
            "item": StoreItem(count=7, e_tag="*"),
        }
    )
    found = await storage.read(["plain", "item"])
    assert found["plain"]["nested"] == {"list": [1, "twee", None]}
    assert isinstance(found["item"], StoreItem)
    assert found["item"].count == 7
    assert found["plain"]["e_tag"] and found["item"].e_tag not in (None, "", "*")


async def test_a_stale_e_tag_is_refused_and_a_star_writes_anyway(storage: SqlStorage) -> None:
    await storage.write({"k": {"count": 1}})
    first = (await storage.read(["k"]))["k"]
    second = (await storage.read(["k"]))["k"]

    first["count"] = 2
    await storage.write({"k": first})  # first writer wins

    second["count"] = 3
    with pytest.raises(ETagConflictError):
        await storage.write({"k": second})  # its copy is stale now
    assert (await storage.read(["k"]))["k"]["count"] == 2

    second["e_tag"] = "*"
    await storage.write({"k": second})
    assert (await storage.read(["k"]))["k"]["count"] == 3


async def test_an_empty_e_tag_is_refused(storage: SqlStorage) -> None:
    await storage.write({"k": {"count": 1}})
    item = (await storage.read(["k"]))["k"]
    item["e_tag"] = ""
    item["count"] = 99
    with pytest.raises(ETagConflictError):
        await storage.write({"k": item})
    assert (await storage.read(["k"]))["k"]["count"] == 1


async def test_the_writer_can_save_twice_in_one_turn(storage: SqlStorage) -> None:
    await storage.write({"k": {"count": 1}})
    item = (await storage.read(["k"]))["k"]
    item["count"] = 2
    await storage.write({"k": item})
    item["count"] = 3
    await storage.write({"k": item})  # its own e_tag was refreshed by the first write
    assert (await storage.read(["k"]))["k"]["count"] == 3


async def test_a_failed_batch_writes_none_of_its_items(storage: SqlStorage) -> None:
    await storage.write({"a": {"n": 1}, "b": {"n": 1}})
    stale = (await storage.read(["b"]))["b"]
    await storage.write({"b": {"n": 2, "e_tag": "*"}})
    with pytest.raises(ETagConflictError):
        await storage.write({"a": {"n": 5, "e_tag": "*"}, "b": stale})
    found = await storage.read(["a", "b"])
    assert (found["a"]["n"], found["b"]["n"]) == (1, 2)


async def test_delete_removes_and_a_missing_key_is_fine(storage: SqlStorage) -> None:
    await storage.write({"gone": {"n": 1}, "kept": {"n": 2}})
    await storage.delete(["gone", "never-there"])
    assert list(await storage.read(["gone", "kept"])) == ["kept"]


async def test_batches_of_many_keys(storage: SqlStorage) -> None:
    items = {f"batch/{n}": {"n": n} for n in range(450)}
    await storage.write(items)
    found = await storage.read(list(items))
    assert len(found) == 450 and found["batch/449"]["n"] == 449
    await storage.delete(list(items))
    assert await storage.read(list(items)) == {}


async def test_a_stored_value_cannot_name_code_to_run(
    storage: SqlStorage, engine: AsyncEngine
) -> None:
    await storage.write({"k": {"n": 1}})
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE bot_state SET data = :data"),
            {"data": '{"py/object": "subprocess.Popen", "args": ["true"]}'},
        )
    with pytest.raises(ValueError, match="refusing to restore"):
        await storage.read(["k"])


async def test_a_dialog_state_round_trips_through_a_waterfall(storage: SqlStorage) -> None:
    """A prompt asked on one turn is answered on the next, with the dialog stack stored in SQL."""
    convo_state = ConversationState(storage)
    dialog_state = convo_state.create_property("dialogState")
    dialogs = DialogSet(dialog_state)
    dialogs.add(TextPrompt("name"))

    async def ask(step: WaterfallStepContext) -> DialogTurnResult:
        return await step.prompt("name", PromptOptions(prompt=MessageFactory.text("Hoe heet je?")))

    async def answer(step: WaterfallStepContext) -> DialogTurnResult:
        await step.context.send_activity(f"Dag {step.result}")
        return await step.end_dialog()

    dialogs.add(WaterfallDialog("main", [ask, answer]))

    keys: list[str] = []

    async def turn(context: TurnContext) -> None:
        keys.append(convo_state.get_storage_key(context))
        dialog_context = await dialogs.create_context(context)
        result = await dialog_context.continue_dialog()
        if result.status == DialogTurnStatus.Empty:
            await dialog_context.begin_dialog("main")
        await convo_state.save_changes(context)

    adapter = TestAdapter(turn)
    step = await adapter.send("hoi")
    step = await step.assert_reply("Hoe heet je?")

    stored = await storage.read(keys[:1])
    state = stored[keys[0]]["dialogState"]
    assert isinstance(state, DialogState)
    assert [instance.id for instance in state.dialog_stack] == ["name", "main"]

    # Each turn reads the stack back from the database: nothing is kept in memory between turns.
    await (await step.send("Fatima")).assert_reply("Dag Fatima")
    stored = await storage.read(keys[:1])
    assert stored[keys[0]]["dialogState"].dialog_stack == []
