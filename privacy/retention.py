"""How long Koers keeps what, as the IT department configured it (see server/settings.py).

The privacy statement and the first message quote these periods, so what Koers says and what the
purge does can never drift apart."""

from __future__ import annotations

from dataclasses import dataclass

DAYS_PER_MONTH = 30


@dataclass(frozen=True)
class Retention:
    """Periods in days: a conversation after its last message, an intake after it was closed
    (or withdrawn), an audit entry after it was written."""

    conversation_days: int = 30
    closed_intake_days: int = 365
    audit_days: int = 730

    def placeholders(self) -> dict[str, str]:
        """The {names} the privacy texts use for these periods."""
        return {
            "conversation_days": str(self.conversation_days),
            "intake_months": str(self.closed_intake_days // DAYS_PER_MONTH),
            "audit_months": str(self.audit_days // DAYS_PER_MONTH),
        }
