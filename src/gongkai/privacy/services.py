"""Write functions for applicants' personal data as a whole (个人信息保护法 Arts. 45, 47).

- :func:`field_keys_rotate` re-encrypts every encrypted column under the current
  key and cipher (spec security.md §2.5), in committed batches, so an
  interrupted run resumes where it stopped; each batch is audited.
- :func:`subject_export` gives everything held about one applicant, found by the
  identity a staff member has checked (name and document number); audited.
- :func:`subject_erase` anonymises that applicant's cases once their case
  files' retention (GONGKAI_CASE_RETENTION_YEARS, UNVERIFIED) has run, and
  otherwise refuses with the reason (Art. 47 ¶2: storage continues while a
  legal retention period runs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from gongkai import crypto
from gongkai.agencies.permissions import require_role
from gongkai.agencies.roles import Role
from gongkai.audit.services import audit_record

ANONYMISED = "（已匿名）"
PERSONAL_FIELDS = ("applicant_name", "id_number", "contact_person", "phone", "email", "address")


def field_keys_rotate(*, actor: Any, batch_size: int = 500) -> dict[str, int]:
    """Re-encrypt rows not yet under the current key and cipher; returns rows per model."""
    require_role(actor, [Role.SECURITY_ADMIN])
    prefix = crypto.current_prefix()
    done: dict[str, int] = {}
    for model, names in crypto.encrypted_fields():
        done[model._meta.label_lower] = _rotate_model(actor, model, names, prefix, batch_size)
    return done


def _stale_ids(model, names: list[str], prefix: str, after: int, limit: int) -> tuple[list, int]:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(n).column) for n in names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {columns} FROM {table} WHERE id > %s ORDER BY id LIMIT %s",
            [after, limit],
        )
        rows = cursor.fetchall()
    stale = [row[0] for row in rows if any(v and not v.startswith(prefix) for v in row[1:])]
    return stale, (rows[-1][0] if rows else -1)


def _rotate_model(actor, model, names: list[str], prefix: str, batch_size: int) -> int:
    after, total = 0, 0
    while after >= 0:
        with transaction.atomic():
            stale, after = _stale_ids(model, names, prefix, after, batch_size)
            for values in model.objects.filter(pk__in=stale).values("pk", *names):
                pk = values.pop("pk")
                model.objects.filter(pk=pk).update(**values, **_digests(model, values))
            if stale:
                total += len(stale)
                audit_record(
                    actor=actor,
                    action="crypto.rotate",
                    after={"model": model._meta.label_lower, "rows": len(stale), "key": prefix},
                )
    return total


def _digests(model, values: dict[str, str]) -> dict[str, str]:
    """Keyed look-up digests follow the current key too (duplicate detection keeps working)."""
    if model._meta.label_lower != "applications.application":
        return {}
    key = f"{values['applicant_name']}|{values['id_number']}"
    return {"applicant_digest": crypto.digest(key, purpose="applicant")}


def _cases(agency, name: str, id_number: str):
    from gongkai.applications.models import Application

    key = crypto.digest(f"{name}|{id_number}", purpose="applicant")
    return Application.objects.filter(agency=agency, applicant_digest=key).order_by("id")


def subject_export(*, actor: Any, agency, name: str, id_number: str) -> dict[str, Any]:
    """Everything held about the applicant whose identity the staff member has checked."""
    from gongkai.applications.services import HANDLING_ROLES

    require_role(actor, HANDLING_ROLES, agency)
    cases = list(_cases(agency, name, id_number))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="subject.export",
            agency=agency,
            after={"cases": [case.receipt_number for case in cases]},
        )
    return {"agency": agency.name, "applications": [_case_data(case) for case in cases]}


def _case_data(case) -> dict[str, Any]:
    fields = ["receipt_number", "received_on", "applicant_type", "id_type", *PERSONAL_FIELDS]
    fields += ["information_sought", "document_number", "purpose", "state", "outcome"]
    fields += ["closed_on"]
    data = {name: _plain(getattr(case, name)) for name in fields}
    data["events"] = [
        {"kind": e.kind, "date": _plain(e.date), "note": e.note} for e in case.events.all()
    ]
    data["letters"] = [
        {"number": x.number, "kind": x.kind, "body": x.body} for x in case.letters.all()
    ]
    data["files"] = [{"name": f.name, "kind": f.kind, "sha256": f.sha256} for f in case.files.all()]
    return data


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@dataclass(frozen=True)
class Held:
    receipt_number: str
    until: dt.date | None  # None: the case is still open


def _retention_until(case) -> dt.date | None:
    if case.closed_on is None:
        return None
    years = settings.GONGKAI_CASE_RETENTION_YEARS
    try:
        return case.closed_on.replace(year=case.closed_on.year + years)
    except ValueError:  # 29 February
        return case.closed_on.replace(year=case.closed_on.year + years, day=28)


def subject_erase(*, actor: Any, agency, name: str, id_number: str, today: dt.date) -> int:
    """Anonymise the applicant's cases, or refuse naming each case still held and until when."""
    from gongkai.applications.services import HANDLING_ROLES

    require_role(actor, HANDLING_ROLES, agency)
    cases = list(_cases(agency, name, id_number))
    held = [Held(c.receipt_number, _retention_until(c)) for c in cases]
    held = [h for h in held if h.until is None or h.until > today]
    if held:
        raise ValidationError(_refusal(held))
    with transaction.atomic():
        for case in cases:
            _anonymise(case)
        audit_record(
            actor=actor,
            action="subject.erase",
            agency=agency,
            after={"cases": [case.receipt_number for case in cases]},
        )
    return len(cases)


def _refusal(held: list[Held]) -> str:
    parts = [
        _("%(case)s is still open") % {"case": h.receipt_number}
        if h.until is None
        else _("%(case)s is kept until %(until)s") % {"case": h.receipt_number, "until": h.until}
        for h in held
    ]
    reason = _("Case files are kept for their legal retention period (个人信息保护法 Art. 47 ¶2).")
    return reason + " " + "; ".join(parts)


def _anonymise(case) -> None:
    from gongkai.applications.models import Application

    names = [v for v in (case.applicant_name, case.contact_person, case.address) if v]
    for letter in case.letters.all():
        body = letter.body
        for value in names:
            body = body.replace(value, ANONYMISED)
        type(letter).objects.filter(pk=letter.pk).update(body=body)
    for stored in case.files.filter(kind="scan"):
        stored.file.delete(save=False)
    blank = dict.fromkeys(PERSONAL_FIELDS[1:], "")
    Application.objects.filter(pk=case.pk).update(
        applicant_name=ANONYMISED, applicant_digest=f"anonymised:{case.pk}", **blank
    )
