"""The advisors' console on /advisor: sign in, the queue with filters, one intake with its
actions, notes, JSON export and a printable page. Server-rendered HTML without JavaScript;
everything an employee typed is escaped; every form carries the session's CSRF token.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from urllib.parse import urlencode

from aiohttp import web

from advisors.accounts import SignInRefused
from advisors.api import QUEUE, ApiError, filters_from, queue_errors
from advisors.intake import OWN
from advisors.queue import (
    STATUSES,
    Change,
    Filters,
    InvalidChange,
    NotAllowed,
    NotFound,
    QueueItem,
)
from advisors.roster import Advisor, AdvisorStore
from advisors.web_auth import ACCOUNTS, SESSION_COOKIE, Caller, caller, csrf_ok
from content import LANGUAGES, Catalogue
from server.app_keys import CATALOGUE, ENGINE, SETTINGS
from server.pages import document, e, secure_headers

SIGN_IN_CSRF = "koers_sign_in"


class Page:
    """Texts of the console in the advisor's language."""

    def __init__(self, catalogue: Catalogue, language: str) -> None:
        self.catalogue = catalogue
        self.language = language if language in LANGUAGES else "nl"

    def t(self, key: str, **params: str) -> str:
        return self.catalogue.messages.t(key, self.language, **params)

    def theme(self, theme_id: str | None) -> str:
        entry = self.catalogue.themes.get(theme_id or "")
        return entry.name.in_language(self.language) if entry else (theme_id or "-")

    def urgency(self, urgency_id: str | None) -> str:
        text = self.catalogue.orientation.urgency.get(urgency_id or "")
        return text.in_language(self.language) if text else "-"

    def names(self, section: str, ids: Iterable[str]) -> str:
        entries = getattr(self.catalogue, section)
        return ", ".join(
            entries[i].name.in_language(self.language) if i in entries else i for i in ids
        )

    def document(self, title: str, body: str, current: Caller | None = None) -> web.Response:
        account = ""
        if current is not None and current.session is not None:
            links = [("/advisor", self.t("console.queue_link"))]
            if current.advisor.is_coordinator:  # the insights are for coordinators
                links.append(("/insights", self.t("insights.title")))
            nav = "".join(f'<a href="{href}">{e(label)}</a>' for href, label in links)
            account = (
                f'<nav class="console">{nav}</nav>'
                f"<span>{e(self.t('console.signed_in_as', name=current.advisor.name))}</span>"
                '<form method="post" action="/advisor/sign-out" class="inline">'
                f'<input type="hidden" name="csrf" value="{e(current.session.csrf)}">'
                f'<button type="submit">{e(self.t("console.sign_out"))}</button></form>'
            )
        header = f"<header><h1>{e(self.t('console.title'))}</h1>{account}</header>"
        text = document(self.language, title, body, header)
        response = web.Response(text=text, content_type="text/html")
        secure_headers(response)
        return response


def page_for(request: web.Request, advisor: Advisor | None = None) -> Page:
    language = request.query.get("lang") or (advisor.languages[0] if advisor else "nl")
    return Page(request.app[CATALOGUE], language)


def _secure(request: web.Request) -> bool:
    return request.app[SETTINGS].base_url.startswith("https://")


async def sign_in_form(request: web.Request, failed: bool = False) -> web.Response:
    page = page_for(request)
    token = secrets.token_urlsafe(24)
    message = f'<p class="message" role="alert">{e(page.t("console.sign_in_failed"))}</p>'
    body = (
        f"<h2>{e(page.t('console.sign_in'))}</h2>{message if failed else ''}"
        '<form method="post" action="/advisor/sign-in" class="action">'
        f'<input type="hidden" name="csrf" value="{e(token)}">'
        f'<label>{e(page.t("console.email"))}<input type="email" name="email" required '
        'autocomplete="username" maxlength="254"></label>'
        f'<label>{e(page.t("console.password"))}<input type="password" name="password" required '
        'autocomplete="current-password" maxlength="200"></label>'
        f'<button type="submit">{e(page.t("console.sign_in"))}</button></form>'
    )
    response = page.document(page.t("console.sign_in"), body)
    response.set_status(401 if failed else 200)
    # The form's token is also in a cookie: a form posted from another site cannot match it.
    response.set_cookie(
        SIGN_IN_CSRF, token, httponly=True, samesite="Strict", path="/advisor",
        secure=_secure(request),
    )  # fmt: skip
    return response


async def sign_in(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    token = str(form.get("csrf", ""))
    expected = request.cookies.get(SIGN_IN_CSRF, "")
    if not token or not secrets.compare_digest(token, expected):
        return await sign_in_form(request, failed=True)
    try:
        session = await request.app[ACCOUNTS].sign_in(
            str(form.get("email", ""))[:254], str(form.get("password", ""))[:200]
        )
    except SignInRefused:
        return await sign_in_form(request, failed=True)
    response = web.HTTPSeeOther("/advisor")
    response.set_cookie(
        SESSION_COOKIE, session.id, httponly=True, samesite="Strict", path="/",
        secure=_secure(request), max_age=8 * 3600,
    )  # fmt: skip
    response.del_cookie(SIGN_IN_CSRF, path="/advisor")
    raise response


async def sign_out(request: web.Request) -> web.StreamResponse:
    current = await caller(request)
    form = await request.post()
    if current is not None and current.session and csrf_ok(current, str(form.get("csrf", ""))):
        await request.app[ACCOUNTS].sign_out(current.session.id)
    response = web.HTTPSeeOther("/advisor/sign-in")
    response.del_cookie(SESSION_COOKIE, path="/")
    raise response


async def _signed_in(request: web.Request) -> Caller:
    current = await caller(request)
    if current is None or current.session is None:
        raise web.HTTPSeeOther("/advisor/sign-in")
    return current


def _status(page: Page, status: str) -> str:
    return page.t(f"console.status.{status}")


async def queue_page(request: web.Request) -> web.Response:
    current = await _signed_in(request)
    page = page_for(request, current.advisor)
    try:
        filters = filters_from(request.query)
    except ApiError:
        filters = filters_from({})
    items = await request.app[QUEUE].find(current.advisor, filters)
    names = {a.id: a.name for a in await AdvisorStore(request.app[ENGINE]).all()}
    find_form = (
        '<form method="get" action="/advisor/find" class="filters">'
        f'<label>{e(page.t("console.find_reference"))}<input name="reference" maxlength="16" '
        "required></label>"
        f'<button type="submit">{e(page.t("console.find"))}</button></form>'
    )
    erased = (
        f'<p class="message" role="status">{e(page.t("console.employee_erased"))}</p>'
        if request.query.get("erased") == "1"
        else ""
    )
    body = erased + find_form + _filter_form(page, filters) + _queue_table(page, items, names)
    return page.document(page.t("console.title"), body, current)


def _options(values: Iterable[tuple[str, str]], chosen: str | None) -> str:
    def one(value: str, label: str) -> str:
        selected = " selected" if value == (chosen or "") else ""
        return f'<option value="{e(value)}"{selected}>{e(label)}</option>'

    return "".join(one(value, label) for value, label in values)


def _filter_form(page: Page, filters: Filters) -> str:
    """The queue's filters, showing the ones chosen."""
    every = [("", page.t("console.all"))]
    statuses = every + [(s, _status(page, s)) for s in STATUSES]
    themes = every + [(t, page.theme(t)) for t in page.catalogue.themes]
    urgencies = every + [(u, page.urgency(u)) for u in page.catalogue.orientation.urgency]
    return (
        '<form method="get" action="/advisor" class="filters">'
        f'<label>{e(page.t("console.status"))}<select name="status">'
        f"{_options(statuses, filters.status)}"
        "</select></label>"
        f'<label>{e(page.t("console.theme"))}<select name="theme">'
        f"{_options(themes, filters.theme)}"
        "</select></label>"
        f'<label>{e(page.t("console.urgency"))}<select name="urgency">'
        f"{_options(urgencies, filters.urgency)}"
        "</select></label>"
        f'<label>{e(page.t("console.older_than"))}<input type="number" min="0" max="999" '
        f'name="older_than_days" value="{e(filters.older_than_days or "")}"></label>'
        f'<label><span>{e(page.t("console.only_mine"))}</span><input type="checkbox" name="mine" '
        f'value="1"{" checked" if filters.mine else ""}></label>'
        f'<button type="submit">{e(page.t("console.filter"))}</button></form>'
    )


def _queue_table(page: Page, items: Sequence[QueueItem], names: Mapping[str, str]) -> str:
    """The intakes the filters found, one row each, or a line saying there are none."""
    if not items:
        return f"<p>{e(page.t('console.none'))}</p>"
    rows = "".join(
        "<tr>"
        f'<td><a href="/advisor/intakes/{e(i.id)}">{e(i.reference)}</a></td>'
        f"<td>{e(i.created_at.strftime('%d-%m-%Y %H:%M'))}</td>"
        f"<td>{e(_status(page, i.status))}</td><td>{e(page.theme(i.theme))}</td>"
        f"<td>{e(page.urgency(i.urgency))}</td>"
        f"<td>{e(names.get(i.assignee or '', page.t('console.nobody')))}</td></tr>"
        for i in items
    )
    headings = "".join(
        f'<th scope="col">{e(page.t(k))}</th>'
        for k in ("console.reference", "console.received", "console.status",
                  "console.theme", "console.urgency", "console.assignee")
    )  # fmt: skip
    return f"<table><thead><tr>{headings}</tr></thead><tbody>{rows}</tbody></table>"


def _contact(page: Page, contact: dict[str, str]) -> str:
    preference = contact["preference"]
    return page.t(f"console.contact.{preference}", value=contact.get(preference, ""))


def _profile(page: Page, profile: dict[str, list[str]], kind: str) -> str:
    """The options by name, then what the employee said in their own words, in quotes."""
    own = [f"“{words}”" for words in profile.get(kind + OWN, [])]
    return ", ".join(filter(None, [page.names(kind, profile.get(kind, [])), *own])) or "-"


def _summary(page: Page, item: QueueItem) -> str:
    intake = item.intake
    question = intake["question"]
    profile = intake.get("profile", {})
    recommended = intake.get("products", {}).get("recommended", [])
    rows = [
        (page.t("console.theme"), page.theme(question["theme"])),
        (page.t("console.question"), question.get("text", "-")),
        (page.t("console.for_advisor"), " / ".join(question.get("for_advisor", [])) or "-"),
        (page.t("console.urgency"), page.urgency(question.get("urgency"))),
        (page.t("console.work"), intake.get("context", {}).get("work", "-")),
        (page.t("console.drivers"), _profile(page, profile, "drivers")),
        (page.t("console.talents"), _profile(page, profile, "talents")),
        (page.t("console.products"), page.names("products", recommended) or "-"),
        (page.t("console.contact"), _contact(page, intake["contact"])),
    ]
    given = datetime.fromisoformat(intake["consent"]["given_at"]).strftime("%d-%m-%Y %H:%M")
    consent = page.t("console.consent", at=given, version=intake["consent"]["privacy_version"])
    listed = "".join(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in rows)
    return f"<h3>{e(page.t('console.summary'))}</h3><dl>{listed}</dl><p>{e(consent)}</p>"


async def intake_page(request: web.Request) -> web.Response:
    current = await _signed_in(request)
    page = page_for(request, current.advisor)
    intake_id = request.match_info["intake_id"]
    try:
        item = await request.app[QUEUE].get(current.advisor, intake_id)
    except NotAllowed:
        response = page.document("403", f"<p>{e(page.t('console.not_allowed'))}</p>", current)
        response.set_status(403)
        return response
    except NotFound:
        response = page.document("404", f"<p>{e(page.t('console.not_found'))}</p>", current)
        response.set_status(404)
        return response
    advisors = await AdvisorStore(request.app[ENGINE]).all()
    names = {a.id: a.name for a in advisors}
    message = request.query.get("error", "")
    assignee = names.get(item.assignee or "", page.t("console.nobody"))
    proposed = page.t(
        "console.proposed",
        name=names.get(item.proposed_advisor or "", "-"),
        reason=page.t(f"proposal.{item.proposal_reason or 'nobody'}"),
    )
    notes = "".join(
        f"<li>{e(names.get(n['author'], n['author']))}, "
        f"{e(n['at'][:16].replace('T', ' '))}: {e(n['text'])}</li>"
        for n in item.notes
    )
    alert = page.t("console.not_possible", reason=message)
    link = f"/advisor/intakes/{e(item.id)}"
    body = [
        f'<p class="no-print"><a href="/advisor">{e(page.t("console.back"))}</a></p>',
        f"<h2>{e(page.t('console.reference'))} {e(item.reference)}</h2>",
        f'<p class="message" role="alert">{e(alert)}</p>' if message else "",
        f"<p>{e(page.t('console.status'))}: {e(_status(page, item.status))} · "
        f"{e(page.t('console.assignee'))}: {e(assignee)}</p>",
        f"<p>{e(proposed)}</p>",
        f'<p class="message">{e(page.t("console.withdrawn"))}</p>'
        if item.status == "withdrawn"
        else "",
        _summary(page, item),
        _actions(page, item, current, advisors) + _employee_request(page, item, current),
        f"<h3>{e(page.t('console.notes'))}</h3><ul>{notes}</ul>",
        f'<p class="no-print"><a href="{link}.json">{e(page.t("console.export"))}</a> · '
        f'<a href="{link}?print=1">{e(page.t("console.print"))}</a></p>',
    ]
    if request.query.get("print") == "1":
        body = [body[1], body[6], body[8]]
    return page.document(f"{page.t('console.reference')} {item.reference}", "".join(body), current)


def _actions(page: Page, item: QueueItem, current: Caller, advisors: list[Advisor]) -> str:
    assert current.session is not None
    me = current.advisor

    def form(action: str, label: str, extra: str = "") -> str:
        return (
            f'<form method="post" action="/advisor/intakes/{e(item.id)}" class="action">'
            f'<input type="hidden" name="csrf" value="{e(current.session.csrf)}">'  # type: ignore[union-attr]
            f'<input type="hidden" name="action" value="{e(action)}">{extra}'
            f'<button type="submit">{e(label)}</button></form>'
        )

    parts: list[str] = []
    if item.status == "withdrawn":
        return ""  # nothing left to do, and no notes about someone who withdrew
    if item.status == "new" and item.assignee is None:
        parts.append(form("claim", page.t("console.claim")))
    mine = item.assignee == me.id or me.is_coordinator
    if item.status == "claimed" and mine:
        parts.append(form("contacted", page.t("console.contacted")))
    if item.status in {"claimed", "contacted"} and mine:
        parts.append(
            form(
                "close",
                page.t("console.close"),
                f'<label>{e(page.t("console.closing_reason"))}<input name="closing_reason" '
                'required maxlength="200"></label>',
            )
        )
        parts.append(form("hand_back", page.t("console.hand_back")))
    if me.is_coordinator and item.status != "closed":
        choices = "".join(
            f'<option value="{e(a.id)}">{e(a.name)}</option>' for a in advisors if a.active
        )
        parts.append(
            form(
                "assign",
                page.t("console.assign"),
                f'<label>{e(page.t("console.assign"))}<select name="assignee">{choices}'
                "</select></label>",
            )
        )
    parts.append(
        form(
            "note",
            page.t("console.add_note"),
            f'<label>{e(page.t("console.note"))}<textarea name="note" rows="3" maxlength="5000" '
            "required></textarea></label>",
        )
    )
    return "".join(parts)


def _employee_request(page: Page, item: QueueItem, current: Caller) -> str:
    """For a coordinator: the employee's rights, for a request that came by mail or phone."""
    if not current.advisor.is_coordinator or item.status == "withdrawn" or not current.session:
        return ""
    link = f"/advisor/intakes/{e(item.id)}/employee"
    return (
        f"<h3>{e(page.t('console.employee_request'))}</h3>"
        f"<p>{e(page.t('console.employee_request_help'))}</p>"
        f'<p><a href="{link}.json">{e(page.t("console.employee_export"))}</a></p>'
        f'<form method="post" action="{link}/erase" class="action">'
        f'<input type="hidden" name="csrf" value="{e(current.session.csrf)}">'
        f'<label><input type="checkbox" name="confirm" value="yes" required> '
        f"{e(page.t('console.employee_erase_confirm'))}</label>"
        f'<button type="submit">{e(page.t("console.employee_erase"))}</button></form>'
    )


async def require_coordinator(request: web.Request) -> Caller:
    current = await _signed_in(request)
    if not current.advisor.is_coordinator:
        raise web.HTTPForbidden(text="Only a coordinator can do this.")
    return current


async def visible(request: web.Request, current: Caller, intake_id: str) -> QueueItem:
    try:
        return await request.app[QUEUE].get(current.advisor, intake_id)
    except NotAllowed:
        raise web.HTTPForbidden(text="This intake is another advisor's.") from None
    except NotFound:
        raise web.HTTPNotFound(text="There is no such intake.") from None


def now_for(request: web.Request) -> datetime:
    return request.app[QUEUE].now()


async def find_reference(request: web.Request) -> web.StreamResponse:
    """Straight to an intake by the reference an employee quotes ("K-7F3KQ2")."""
    current = await _signed_in(request)
    reference = request.query.get("reference", "").strip().upper()[:16]
    found = await request.app[QUEUE].by_reference(current.advisor, reference)
    if found is None:
        page = page_for(request, current.advisor)
        body = (
            f"<p>{e(page.t('console.not_found'))}</p>"
            f'<p><a href="/advisor">{e(page.t("console.back"))}</a></p>'
        )
        response = page.document("404", body, current)
        response.set_status(404)
        return response
    raise web.HTTPSeeOther(f"/advisor/intakes/{found}")


async def intake_action(request: web.Request) -> web.StreamResponse:
    current = await _signed_in(request)
    form = await request.post()
    page = page_for(request, current.advisor)
    if not csrf_ok(current, str(form.get("csrf", ""))):
        response = page.document("403", f"<p>{e(page.t('console.expired'))}</p>", current)
        response.set_status(403)
        return response
    intake_id = request.match_info["intake_id"]
    action = str(form.get("action", ""))
    changes = {
        "claim": Change(assignee=current.advisor.id, claim_only=True),
        "contacted": Change(status="contacted"),
        "close": Change(status="closed", closing_reason=str(form.get("closing_reason", ""))),
        "hand_back": Change(unassign=True),
        "assign": Change(assignee=str(form.get("assignee", "")) or None),
        "note": Change(note=str(form.get("note", ""))),
    }
    target = f"/advisor/intakes/{intake_id}"
    try:
        if action not in changes:
            raise InvalidChange("unknown action")
        await request.app[QUEUE].change(current.advisor, intake_id, changes[action])
    except InvalidChange as error:
        raise web.HTTPSeeOther(f"{target}?{urlencode({'error': str(error)})}") from None
    except NotAllowed:
        raise web.HTTPForbidden(text="This intake is another advisor's.") from None
    except NotFound:
        raise web.HTTPNotFound(text="There is no such intake.") from None
    raise web.HTTPSeeOther(target)


async def export_json(request: web.Request) -> web.Response:
    current = await _signed_in(request)
    try:
        item = await request.app[QUEUE].get(current.advisor, request.match_info["intake_id"])
    except NotAllowed:
        raise web.HTTPForbidden(text="This intake is another advisor's.") from None
    except NotFound:
        raise web.HTTPNotFound(text="There is no such intake.") from None
    response = web.Response(
        text=json.dumps(item.intake, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response.headers["Content-Disposition"] = f'attachment; filename="intake-{item.reference}.json"'
    secure_headers(response)
    return response


def add_routes(app: web.Application) -> None:
    app.router.add_get("/advisor", queue_errors(queue_page))
    app.router.add_get("/advisor/sign-in", queue_errors(sign_in_form))
    app.router.add_post("/advisor/sign-in", queue_errors(sign_in))
    app.router.add_post("/advisor/sign-out", queue_errors(sign_out))
    app.router.add_get("/advisor/find", queue_errors(find_reference))
    app.router.add_get("/advisor/intakes/{intake_id}.json", queue_errors(export_json))
    app.router.add_get("/advisor/intakes/{intake_id}", queue_errors(intake_page))
    app.router.add_post("/advisor/intakes/{intake_id}", queue_errors(intake_action))
