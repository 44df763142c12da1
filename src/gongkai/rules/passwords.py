"""Password composition rules of 等保 2.0 level 3 (GB/T 22239-2019 8.1.4.1 a).

「身份鉴别信息具有复杂度要求并定期更换」: the standard asks for complexity and
periodic change without numbers; assessors (测评机构) check a minimum length,
three of four character classes, no password containing the account name, no
reuse of the last five, and change every 90 days (spec security.md §1.0,
SEC-03, SEC-04; the numbers are assessor practice, so they are settings).
"""

from __future__ import annotations

import datetime as dt
import unicodedata

CLASSES = ("upper", "lower", "digit", "symbol")


def _class_of(char: str) -> str:
    if char.isdigit():
        return "digit"
    if char.isupper():
        return "upper"
    if char.islower():
        return "lower"
    return "symbol"


def character_classes(password: str) -> set[str]:
    """Which of upper case, lower case, digits and symbols the password uses."""
    return {_class_of(char) for char in password}


def _fold(value: str) -> str:
    return unicodedata.normalize("NFKC", value).casefold()


def contains_account_name(password: str, names: list[str], *, min_name: int = 3) -> bool:
    """True when the password contains an account name (or its reverse).

    Names shorter than ``min_name`` characters are ignored: "li" occurs in too
    many good passwords to mean anything.
    """
    folded = _fold(password)
    for name in names:
        name = _fold(name or "")
        if len(name) >= min_name and (name in folded or name[::-1] in folded):
            return True
    return False


def password_expired(changed_at: dt.datetime | None, now: dt.datetime, max_age_days: int) -> bool:
    """True when a password set at ``changed_at`` is older than ``max_age_days``.

    ``max_age_days`` 0 switches expiry off; so does an unknown date.
    """
    if max_age_days <= 0 or changed_at is None:
        return False
    return now - changed_at > dt.timedelta(days=max_age_days)
