"""Who is calling the console or the advisors' API: a session cookie (the console) or a Bearer
token (tools). A tampered, expired or unknown cookie simply means: signed out."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from aiohttp import web

from advisors.accounts import Accounts, Session
from advisors.roster import Advisor

SESSION_COOKIE = "koers_advisor"
CSRF_HEADER = "X-CSRF-Token"
ACCOUNTS = web.AppKey("advisor_accounts", Accounts)


@dataclass(frozen=True)
class Caller:
    advisor: Advisor
    session: Session | None  # None: a Bearer token (no CSRF needed, nothing to forge)


async def caller(request: web.Request) -> Caller | None:
    accounts = request.app[ACCOUNTS]
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer":
        advisor = await accounts.by_token(token.strip())
        return Caller(advisor, None) if advisor else None
    session = await accounts.session(request.cookies.get(SESSION_COOKIE, ""))
    return Caller(session.advisor, session) if session else None


def csrf_ok(current: Caller, presented: str | None) -> bool:
    """A change through a session must carry the session's CSRF token."""
    if current.session is None:
        return True
    return presented is not None and hmac.compare_digest(presented, current.session.csrf)
