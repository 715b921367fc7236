"""The Adaptive Card (1.5, what Teams renders) announcing an intake in the advisors' channel.

Only fields Koers chose go on it (reference, theme, urgency, language, proposed advisor), never
free text the employee typed; values are TextRuns, which Teams shows as they are, without
markdown. A claimed intake's card says who has it and loses its Claim button.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from content import Catalogue

CARD_VERSION = "1.5"
ACTION_KEY = "koers_advisor"  # in Action.Submit data: what an advisor did on the card


def _run(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextRun", "text": text, **style}


def intake_card(
    intake: Mapping[str, Any],
    catalogue: Catalogue,
    console_url: str,
    language: str,
    names: Mapping[str, str],
    claimed_by: str | None = None,
    withdrawn: bool = False,
) -> dict[str, Any]:
    t = catalogue.messages.t
    theme = catalogue.themes.get(intake["theme"] or "")
    urgency = catalogue.orientation.urgency.get(intake["urgency"] or "")
    facts = [
        (t("mail.theme", language), theme.name.in_language(language) if theme else "-"),
        (t("mail.urgency", language), urgency.in_language(language) if urgency else "-"),
        (t("mail.language", language), str(intake["language"] or "-")),
        (t("teams.proposed", language), names.get(intake["proposed_advisor"] or "", "-")),
    ]
    body: list[dict[str, Any]] = [
        {
            "type": "RichTextBlock",
            "inlines": [
                _run(
                    t("teams.card_title", language, reference=str(intake["reference"])),
                    weight="Bolder",
                    size="Medium",
                ),
            ],
        },
        *(
            {"type": "RichTextBlock", "inlines": [_run(f"{label}: ", weight="Bolder"), _run(value)]}
            for label, value in facts
        ),
    ]
    if claimed_by:
        body.append(
            {
                "type": "RichTextBlock",
                "inlines": [_run(t("teams.card_claimed", language, name=claimed_by), color="Good")],
            }
        )
    if withdrawn:
        body.append(
            {
                "type": "RichTextBlock",
                "inlines": [_run(t("console.withdrawn", language), color="Attention")],
            }
        )
    actions: list[dict[str, Any]] = []
    if not claimed_by and not withdrawn:
        actions.append(
            {
                "type": "Action.Submit",
                "title": t("console.claim", language),
                "data": {ACTION_KEY: "claim", "intake_id": str(intake["id"])},
            }
        )
    actions.append(
        {
            "type": "Action.OpenUrl",
            "title": t("teams.open", language),
            "url": f"{console_url.rstrip('/')}/advisor/intakes/{intake['id']}",
        }
    )
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": body,
        "actions": actions,
    }
