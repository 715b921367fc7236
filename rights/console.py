"""A coordinator's handling of a data request that came by mail or phone: from an intake in the
console, everything about its employee downloaded, or erased after a confirmation. Both are
audited. These pages belong to the data-rights service, which builds on the advisors' console
(sign-in, the intake's visibility) and not the other way round."""

from __future__ import annotations

from aiohttp import web

from advisors.api import QUEUE
from advisors.console import now_for, page_for, require_coordinator, visible
from advisors.web_auth import csrf_ok
from rights.records import RECORDS
from server.pages import e, secure_headers


async def employee_export(request: web.Request) -> web.Response:
    """Everything Koers keeps about the employee behind an intake, for a coordinator."""
    current = await require_coordinator(request)
    intake_id = request.match_info["intake_id"]
    item = await visible(request, current, intake_id)
    records = request.app[RECORDS]
    employee, conversation_id = await records.employee_of(intake_id)
    content = await records.export_file(employee, conversation_id, now_for(request), intake_id)
    await request.app[QUEUE].audit(current.advisor, intake_id, "employee_exported")
    response = web.Response(body=content, content_type="application/json", charset="utf-8")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="gegevens-{item.reference}.json"'
    )
    secure_headers(response)
    return response


async def employee_erase(request: web.Request) -> web.StreamResponse:
    """Erase everything about the employee behind an intake, after the coordinator confirmed."""
    current = await require_coordinator(request)
    form = await request.post()
    intake_id = request.match_info["intake_id"]
    page = page_for(request, current.advisor)
    if not csrf_ok(current, str(form.get("csrf", ""))) or form.get("confirm") != "yes":
        response = page.document("403", f"<p>{e(page.t('console.expired'))}</p>", current)
        response.set_status(403)
        return response
    await visible(request, current, intake_id)
    records = request.app[RECORDS]
    employee, conversation_id = await records.employee_of(intake_id)
    await records.erase(employee, conversation_id, now_for(request), current.advisor.id, intake_id)
    raise web.HTTPSeeOther("/advisor?erased=1")


def add_routes(app: web.Application) -> None:
    app.router.add_get("/advisor/intakes/{intake_id}/employee.json", employee_export)
    app.router.add_post("/advisor/intakes/{intake_id}/employee/erase", employee_erase)
