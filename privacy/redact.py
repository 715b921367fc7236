"""Takes contact details and identity numbers out of free text before Koers stores it.

An employee who writes "bel me op 06 12345678" or pastes a payslip line in the answer to "what is
your question?" should not find that number in an intake, a transcript or a backup. What the
employee gave on purpose as their way of contact is asked separately and kept separately.

Each kind is replaced by a marker in square brackets, so an advisor sees that something was there.
Numbers are only taken out when they are what they look like: a BSN must pass the 11-check and
an IBAN its mod-97 check, so an ordinary nine-digit number in a sentence stays.
"""

from __future__ import annotations

import re
from typing import Any, cast

EMAIL = "[e-mail]"
PHONE = "[telefoonnummer]"
BSN = "[bsn]"
IBAN = "[iban]"
ADDRESS = "[postcode]"

# Starts only where a local part can start, and never gives back what it took: a long run of
# letters without an @ is scanned once, not once per starting position.
_EMAIL = re.compile(r"(?<![\w.+%-])[\w.+%-]++@[\w-]++(?:\.[\w-]++)+", re.UNICODE)
# The start of an IBAN: two letters (country) and two check digits; the rest is found by its check.
_IBAN_START = re.compile(r"\b[A-Z]{2}\d{2}", re.IGNORECASE)
_IBAN_REST = re.compile(r"(?:[ ]?[A-Z0-9]){11,30}", re.IGNORECASE)
# A Dutch postcode with a house number: "1012 AB 12", "1012AB 12-3", "1012ab, 4a". With a space
# before the letters they must be capitals, so "in 2026 op 3 dagen" stays as it is.
_POSTCODE = re.compile(
    r"\b[1-9]\d{3}(?:[A-Za-z]{2}| [A-Z]{2})\b,?\s*\d{1,5}(?:[-/]?[A-Za-z0-9]{1,4})?\b"
)
# Nine digits, maybe written in groups ("123 456 782", "123.456.782").
_NINE_DIGITS = re.compile(r"(?<![\d+])(\d{3})[ .-]?(\d{2,3})[ .-]?(\d{3,4})(?!\d)")
# Phone numbers: Dutch (06-12345678, 020 123 4567, +31 6 1234 5678, 0031 ...) and international.
_PHONE = re.compile(
    r"(?<![\w+])(?:\+|00)\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?\d(?:[\s.-]?\d){6,12}(?!\d)"
    r"|(?<![\w+])0\d(?:[\s./-]?\d){8}(?!\d)"
    r"|(?<![\w+])\(0\d{1,3}\)[\s.-]?\d(?:[\s.-]?\d){5,7}(?!\d)"
)


def email_in(text: str | None) -> str | None:
    """The first e-mail address in ``text`` ("mail maar naar jan@gemeente.nl"), as typed."""
    found = _EMAIL.search(text or "")
    return found.group(0).rstrip(".") if found else None


def phone_in(text: str | None) -> str | None:
    """The first phone number in ``text`` ("bel me op 06-12345678"), as typed."""
    found = _PHONE.search(text or "")
    return found.group(0).strip() if found else None


def is_bsn(digits: str) -> bool:
    """The BSN 11-check: 9×d1 + 8×d2 + … + 2×d8 − 1×d9 is a multiple of 11 (and not 0)."""
    if len(digits) != 9 or not digits.isdigit() or digits == "0" * 9:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def is_iban(candidate: str) -> bool:
    """The IBAN mod-97 check on the letters and digits of ``candidate``."""
    compact = re.sub(r"\s", "", candidate).upper()
    if not 15 <= len(compact) <= 34 or not compact.isalnum():
        return False
    moved = compact[4:] + compact[:4]
    number = "".join(str(int(char, 36)) for char in moved)
    return int(number) % 97 == 1


def _without_ibans(text: str) -> str:
    """Replace every IBAN, written in groups or not: the longest run after a country code and
    check digits that passes the check (a sentence may go on right after the number)."""
    parts: list[str] = []
    position = 0
    for start in _IBAN_START.finditer(text):
        if start.start() < position:
            continue
        rest = _IBAN_REST.match(text, start.end())
        if rest is None:
            continue
        for end in range(rest.end(), start.end(), -1):
            if text[end - 1] != " " and is_iban(text[start.start() : end]):
                parts.append(text[position : start.start()] + IBAN)
                position = end
                break
    return "".join(parts) + text[position:]


def _bsn(match: re.Match[str]) -> str:
    digits = "".join(match.groups())
    return BSN if is_bsn(digits) else match.group(0)


def redact(text: str) -> str:
    """``text`` without e-mail addresses, IBANs, phone numbers, BSNs and postcodes with numbers.

    The order matters: an IBAN holds digit runs a phone pattern would also take, and the groups
    of a phone number could otherwise look like a postcode or a BSN."""
    text = _EMAIL.sub(EMAIL, text)
    text = _without_ibans(text)
    text = _PHONE.sub(PHONE, text)
    text = _NINE_DIGITS.sub(_bsn, text)
    return _POSTCODE.sub(ADDRESS, text)


# Where an activity holds words for people to read (a message, a card's text blocks).
_TEXT_KEYS = frozenset({"text", "altText", "speak", "summary", "title", "subtitle"})


def without_contact_details(activity: dict[str, Any]) -> dict[str, Any]:
    """A stored copy of an activity Koers sent: every text in it redacted, and any contact
    block (an intake handed over with the handoff event) left out. The employee saw the
    original; the copy kept for 30 days needs none of it."""
    return cast(dict[str, Any], _without(activity))


def _without(value: object) -> object:
    if isinstance(value, dict):
        return {
            key: redact(item) if key in _TEXT_KEYS and isinstance(item, str) else _without(item)
            for key, item in value.items()
            if key != "contact"
        }
    if isinstance(value, list):
        return [_without(item) for item in value]
    return value
