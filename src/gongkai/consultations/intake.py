"""What an asker gives us, cleaned and checked the same way for the form and the API.

Only the subject and the question are required; name and contact are optional
(a 政务咨询 column must be usable without identifying oneself). Text is kept as
plain text: control characters go, whitespace is tidied, lengths are bounded;
templates escape it when it is shown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_SUBJECT = 100
MAX_BODY = 3000
MIN_BODY = 5
_PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")


@dataclass
class QuestionData:
    subject: str
    body: str
    asker_name: str = ""
    phone: str = ""
    email: str = ""


def clean_text(value: str, *, multiline: bool) -> str:
    """Drop control and format characters; tidy spaces; keep line breaks if ``multiline``."""
    value = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in value:
        if char == "\n" and multiline:
            kept.append(char)
        elif char in "\t\n":
            kept.append(" ")
        elif unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co"):
            kept.append(char)
    lines = [" ".join(line.split()) for line in "".join(kept).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _length(value: str, field: str, low: int, high: int, errors: dict) -> None:
    if len(value) < low:
        errors[field] = _("This field is too short.") if value else _("This field is required.")
    elif len(value) > high:
        errors[field] = _("Keep it under %(n)d characters.") % {"n": high}


def _contact(data: QuestionData, errors: dict) -> None:
    if data.phone and not _PHONE.match(data.phone):
        errors["phone"] = _("Give a telephone number of digits only (or leave it empty).")
    if data.email:
        try:
            validate_email(data.email)
        except ValidationError:
            errors["email"] = _("Give a valid e-mail address (or leave it empty).")


def question_validate(data: QuestionData) -> QuestionData:
    """Raise a ValidationError naming every field that is wrong; return cleaned data."""
    data.subject = clean_text(data.subject, multiline=False)
    data.body = clean_text(data.body, multiline=True)
    data.asker_name = clean_text(data.asker_name, multiline=False)[:60]
    data.phone = clean_text(data.phone, multiline=False)
    data.email = clean_text(data.email, multiline=False)
    errors: dict[str, str] = {}
    _length(data.subject, "subject", 2, MAX_SUBJECT, errors)
    _length(data.body, "body", MIN_BODY, MAX_BODY, errors)
    _contact(data, errors)
    if errors:
        raise ValidationError(errors)
    return data
