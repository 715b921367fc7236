"""Sending a file in a Teams personal chat: Teams' file consent card, the upload to the
employee's OneDrive once they allow it, and the card that shows the file in the chat.

See "Send and receive files using bot" in the Teams documentation: the bot offers the file with
a FileConsentCard; Teams answers with an invoke ``fileConsent/invoke`` holding an upload URL;
the bot PUTs the bytes there and sends a FileInfoCard pointing at the stored file."""

from __future__ import annotations

from typing import Any

import aiohttp
from botbuilder.schema import Attachment

FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"
FILE_CONSENT_INVOKE = "fileConsent/invoke"
UPLOAD_TIMEOUT = aiohttp.ClientTimeout(total=30)


class UploadFailed(Exception):
    """The upload to the employee's OneDrive did not succeed."""


def consent_card(name: str, size: int, description: str, context: dict[str, Any]) -> Attachment:
    """Asks the employee to allow a file of ``size`` bytes named ``name`` into their OneDrive."""
    return Attachment(
        content_type=FILE_CONSENT,
        name=name,
        content={
            "description": description,
            "sizeInBytes": size,
            "acceptContext": context,
            "declineContext": context,
        },
    )


def info_card(upload_info: dict[str, Any]) -> Attachment:
    """Shows the uploaded file in the chat, as Teams described it in the upload info."""
    return Attachment(
        content_type=FILE_INFO,
        name=str(upload_info.get("name", "")),
        content_url=str(upload_info.get("contentUrl", "")),
        content={
            "uniqueId": str(upload_info.get("uniqueId", "")),
            "fileType": str(upload_info.get("fileType", "")),
        },
    )


async def upload(upload_url: str, content: bytes) -> None:
    """PUT ``content`` to the upload session Teams opened, in one range."""
    if not upload_url.startswith(("https://", "http://")):
        raise UploadFailed("not an http(s) upload address")
    headers = {
        "Content-Length": str(len(content)),
        "Content-Range": f"bytes 0-{len(content) - 1}/{len(content)}",
    }
    try:
        async with (
            aiohttp.ClientSession(timeout=UPLOAD_TIMEOUT) as session,
            session.put(upload_url, data=content, headers=headers) as response,
        ):
            if response.status >= 300:
                raise UploadFailed(f"the upload answered {response.status}")
    except aiohttp.ClientError as error:
        raise UploadFailed(type(error).__name__) from None
