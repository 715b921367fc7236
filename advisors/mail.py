"""The mail to the proposed advisor: plain text and HTML, every value escaped, and by default
no free text from the employee (only the theme, urgency, language and a link to the console).
Which fields go in is set with MAIL_FIELDS; the mail goes out through SMTP_URL."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any
from urllib.parse import unquote, urlsplit

import aiosmtplib

from advisors.outbox import Skip
from advisors.roster import AdvisorStore
from content import Catalogue


class SmtpUrlError(ValueError):
    """SMTP_URL is not an smtp:// or smtps:// address."""


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    implicit_tls: bool
    username: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        parts = urlsplit(url)
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise SmtpUrlError("SMTP_URL must look like smtp://host:25 or smtps://user:pw@host")
        implicit_tls = parts.scheme == "smtps"
        return cls(
            host=parts.hostname,
            port=parts.port or (465 if implicit_tls else 25),
            implicit_tls=implicit_tls,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )


class AdvisorMail:
    """Delivers the outbox's ``advisor_mail``: the news of a new intake to its advisor."""

    def __init__(
        self,
        server: SmtpServer | None,
        sender: str,
        fields: Sequence[str],
        catalogue: Catalogue,
        advisors: AdvisorStore,
        console_url: str,
    ) -> None:
        self._server = server
        self._sender = sender
        self._fields = tuple(fields)
        self._catalogue = catalogue
        self._advisors = advisors
        self._console_url = console_url.rstrip("/")

    async def deliver(self, intake: Mapping[str, Any]) -> str:
        if self._server is None:
            raise Skip("no SMTP_URL configured")
        advisor_id = intake["assignee"] or intake["proposed_advisor"]
        advisor = await self._advisors.get(advisor_id) if advisor_id else None
        if advisor is None:
            raise Skip("no advisor to write to")
        message = self.compose(intake, advisor.name, advisor.email, advisor.languages[0])
        server = self._server
        await aiosmtplib.send(
            message,
            hostname=server.host,
            port=server.port,
            use_tls=server.implicit_tls,
            username=server.username,
            password=server.password,
            timeout=30,
        )
        return f"mail to {advisor.id}"

    def compose(
        self, intake: Mapping[str, Any], name: str, address: str, language: str
    ) -> EmailMessage:
        t = self._catalogue.messages.t
        reference = str(intake["reference"])
        rows = self._rows(intake, language)
        link = f"{self._console_url}/advisor/intakes/{intake['id']}"
        reason = t(f"proposal.{intake['proposal_reason'] or 'nobody'}", language)
        why = t("mail.why", language, reason=reason)
        plain = "\n".join(
            [
                t("mail.greeting", language, name=name),
                "",
                t("mail.intro", language, reference=reference),
                "",
                *(f"{label}: {value}" for label, value in rows),
                "",
                t("mail.link", language),
                link,
                "",
                why,
            ]
        )
        escape = html.escape
        rich = "".join(
            [
                f'<html lang="{escape(language)}"><body>',
                f"<p>{escape(t('mail.greeting', language, name=name))}</p>",
                f"<p>{escape(t('mail.intro', language, reference=reference))}</p>",
                "<dl>",
                *(f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in rows),
                "</dl>",
                f'<p>{escape(t("mail.link", language))} <a href="{escape(link)}">',
                f"{escape(link)}</a></p>",
                f"<p>{escape(why)}</p>",
                "</body></html>",
            ]
        )
        message = EmailMessage()
        message["Subject"] = t("mail.subject", language, reference=reference)
        message["From"] = self._sender
        message["To"] = address
        message.set_content(plain)
        message.add_alternative(rich, subtype="html")
        return message

    def _rows(self, intake: Mapping[str, Any], language: str) -> list[tuple[str, str]]:
        t = self._catalogue.messages.t
        data = json.loads(intake["data"])
        question = data["question"]
        theme = self._catalogue.themes.get(question["theme"])
        urgency = self._catalogue.orientation.urgency.get(question.get("urgency", ""))
        values = {
            "theme": theme.name.in_language(language) if theme else question["theme"],
            "urgency": urgency.in_language(language) if urgency else "-",
            "language": str(intake["language"]),
            "question": question.get("text", "-"),
        }
        return [(t(f"mail.{field}", language), values[field]) for field in self._fields]
