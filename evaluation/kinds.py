"""What each kind of Koers text means to an employee who is talking to it: a question to
answer, a repair (Koers did not understand), the intake's outcome, or the end.

Kept apart from the recogniser, which only finds texts, so that the dialog team's new keys need
a line here only when they change what the employee does: a ``repair.*`` key counts as a repair,
a key a persona answers is a question, and ``<question>_<something>`` (``intake.review_short``,
``orientation.theme_guess``) is that question asked another way, without any change here.
"""

from __future__ import annotations

from collections.abc import Collection

# The questions Koers asks in a conversation, by their key in content/messages.yml. The scan's
# six questions are told apart by the text inside "Vraag 3 van 6": first, or next, of drivers
# and of talents; a persona may also answer them all as ``scan.question``.
QUESTIONS = frozenset(
    {
        "orientation.theme",
        "orientation.question",
        "orientation.urgency",
        "orientation.work",
        "scan.offer",
        "scan.question",
        "scan.driver.first",
        "scan.driver.next",
        "scan.talent.first",
        "scan.talent.next",
        "intake.offer",
        "intake.contact",
        "intake.email",
        "intake.phone",
        "intake.review",
        "intake.which",
        "resume.ask",
        "feedback.satisfaction",
        "feedback.comment",
        "feedback.comment_consent",
        "feedback.group",
        "privacy.menu",
        "privacy.delete.confirm",
    }
)
# Questions Koers no longer asks. Persona files written before keep their answers (the
# held-out ones may not be edited); the driver never needs them. "Wil je daar iets meer over
# vertellen?" became "Wat wil je daarbij weten of bereiken?" (orientation.question_aim), which
# each persona answers with its own question.
RETIRED_QUESTIONS = frozenset({"orientation.question_more"})
# Koers saying it did not understand. New repair lines are added as ``repair.*``.
REPAIR_KEYS = frozenset(
    {"choice.retry", "intake.invalid_email", "intake.invalid_phone"}
    | {"intake.invalid_email_again", "intake.invalid_phone_again"}
)
REPAIR_PREFIX = "repair."
# The intake was decided: stored, or (on a no) not stored. Turns are counted up to here.
DECISION_KEYS = frozenset(
    {"intake.stored", "intake.stored_no_room", "intake.declined", "intake.not_sent"}
)
# After these, and no question, there is nothing left to answer.
END_KEYS = frozenset(
    {
        "feedback.thanks",
        "interrupt.cancel",
        "small_talk.thanks",
        "small_talk.idle",
        "small_talk.goodbye",
        "privacy.deleted",
    }
)


def is_repair(key: str) -> bool:
    return key in REPAIR_KEYS or key.startswith(REPAIR_PREFIX)


def question_of(key: str, questions: Collection[str]) -> str | None:
    """The question ``key`` asks: itself, or the question it is a variant of (the longest
    ``<question>_`` it starts with); None when it asks none of ``questions``."""
    if key in questions:
        return key
    bases = [question for question in questions if key.startswith(question + "_")]
    return max(bases, key=len) if bases else None
