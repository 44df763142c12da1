"""Write functions for 信息报送: submit, withdraw, adopt, decline, and set the tasks.

An agency's 信息员 or 审核人 submits an item to a column of a supervising
agency's site that accepts submissions; the supervisor's editor adopts it (it
is published there, keeping its 发布机构) or declines it with a reason. An item
sent twice is one submission. Personal data never travels upward: the scan runs
at submission and refuses it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import require_role
from gongkai.agencies.roles import Role
from gongkai.audit.services import audit_record
from gongkai.catalogue import content
from gongkai.catalogue import services as catalogue
from gongkai.catalogue.models import Column, Document, DocumentState
from gongkai.rules import pii
from gongkai.submissions.models import Submission, SubmissionState, SubmissionTask

SUBMITTING_ROLES = (Role.EDITOR, Role.REVIEWER)
DECIDING_ROLES = catalogue.ADOPTING_ROLES


def _supervises(column: Column, agency: Agency) -> bool:
    return any(above.pk == column.agency_id for above in agency.ancestors())


def _check_target(agency: Agency, column: Column) -> None:
    if not column.accepts_submissions or not _supervises(column, agency):
        raise ValidationError(_("This column does not take submissions from your agency."))


def _check_source(agency: Agency, source: Document | None) -> None:
    if source is None:
        return
    if source.agency_id != agency.pk or source.state != DocumentState.PUBLISHED:
        raise ValidationError(_("Only a published document of your agency can be submitted."))


def _refuse_personal_data(text: str, today: dt.date) -> None:
    hits = [hit for hit in pii.scan(text, today=today) if hit.kind != pii.Kind.NAME]
    if hits:
        found = "、".join(sorted({hit.masked for hit in hits}))
        raise ValidationError(
            _("Personal data cannot be submitted: %(found)s. Redact it first.") % {"found": found}
        )


def _content_key(column: Column, title: str, body_text: str) -> str:
    raw = f"{column.pk}\n{title.strip()}\n{body_text.strip()}"
    return hashlib.sha256(raw.encode()).hexdigest()


def submission_create(
    *,
    actor: Any,
    agency: Agency,
    column: Column,
    now: dt.datetime,
    title: str = "",
    body_html: str = "",
    written_on: dt.date | None = None,
    source: Document | None = None,
) -> Submission:
    """Send an item to the supervisor's column; sending the same item again returns it."""
    require_role(actor, SUBMITTING_ROLES, agency)
    _check_target(agency, column)
    _check_source(agency, source)
    if source is not None:
        title, body_html = title or source.title, body_html or source.body_html
        written_on = written_on or source.written_on
    body_html = content.sanitize(body_html or "")
    body_text = content.plain_text(body_html)
    if not title.strip() or not body_text.strip() or written_on is None:
        raise ValidationError(_("Give the title, the text and the date written."))
    _refuse_personal_data(f"{title}\n{body_text}", now.date())
    item = Submission(
        agency=agency,
        column=column,
        source=source,
        title=title.strip(),
        body_html=body_html,
        written_on=written_on,
        content_key=_content_key(column, title, body_text),
        submitted_by=_user(actor),
        submitted_at=now,
    )
    return _save_once(actor, item)


def _user(actor: Any):
    return actor if getattr(actor, "pk", None) else None


def _save_once(actor: Any, item: Submission) -> Submission:
    existing = Submission.objects.filter(agency=item.agency, content_key=item.content_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            item.save()
            audit_record(
                actor=actor,
                action="submission.create",
                obj=item,
                agency=item.agency,
                after={"column": item.column_id, "title": item.title[:100]},
            )
    except IntegrityError:  # the same item, sent at the same moment
        return Submission.objects.get(agency=item.agency, content_key=item.content_key)
    return item


def _lock(submission: Submission) -> Submission:
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.state != SubmissionState.SUBMITTED:
        raise ValidationError(
            _("This submission was already decided: %(state)s.")
            % {"state": locked.get_state_display()}
        )
    return locked


def submission_withdraw(*, actor: Any, submission: Submission, now: dt.datetime) -> Submission:
    """The submitting agency takes back an item not yet decided."""
    require_role(actor, SUBMITTING_ROLES, submission.agency)
    with transaction.atomic():
        locked = _lock(submission)
        locked.state = SubmissionState.WITHDRAWN
        locked.decided_at = now
        locked.save(update_fields=["state", "decided_at"])
        audit_record(actor=actor, action="submission.withdraw", obj=locked, agency=locked.agency)
    return locked


def submission_adopt(*, actor: Any, submission: Submission, now: dt.datetime) -> Submission:
    """The supervisor's editor adopts the item: it is published in the column."""
    column = submission.column
    require_role(actor, DECIDING_ROLES, column.agency)
    with transaction.atomic():
        locked = _lock(submission)
        locked.adopted_as = catalogue.document_publish_adopted(
            actor=actor,
            column=column,
            title=locked.title,
            body_html=locked.body_html,
            written_on=locked.written_on,
            publisher=submission.agency.name,
            now=now,
        )
        _decide(actor, locked, SubmissionState.ADOPTED, now, "")
    return locked


def submission_decline(
    *, actor: Any, submission: Submission, reason: str, now: dt.datetime
) -> Submission:
    """The supervisor's editor declines the item, saying why."""
    require_role(actor, DECIDING_ROLES, submission.column.agency)
    if not reason.strip():
        raise ValidationError(_("Give a reason."))
    with transaction.atomic():
        locked = _lock(submission)
        _decide(actor, locked, SubmissionState.DECLINED, now, reason.strip())
    return locked


def _decide(actor: Any, item: Submission, state: str, now: dt.datetime, reason: str) -> None:
    item.state = state
    item.decided_by = _user(actor)
    item.decided_at = now
    item.reason = reason
    item.save(update_fields=["state", "decided_by", "decided_at", "reason", "adopted_as"])
    audit_record(
        actor=actor,
        action=f"submission.{'adopt' if state == SubmissionState.ADOPTED else 'decline'}",
        obj=item,
        agency=item.column.agency,
        after={"submitting_agency": item.agency_id, "document": item.adopted_as_id},
        note=reason,
    )


def submission_task_set(
    *, actor: Any, agency: Agency, column: Column, items_per_month: int
) -> SubmissionTask | None:
    """The supervisor sets the monthly task (保障任务) of an agency for a column; 0 removes it."""
    require_role(actor, [Role.SUPERVISOR], column.agency)
    _check_target(agency, column)
    if items_per_month < 0:
        raise ValidationError(_("The task cannot be negative."))
    with transaction.atomic():
        task = SubmissionTask.objects.filter(agency=agency, column=column).first()
        before = task.items_per_month if task else 0
        if items_per_month == 0:
            if task is not None:
                task.delete()
            task = None
        else:
            task, _created = SubmissionTask.objects.update_or_create(
                agency=agency, column=column, defaults={"items_per_month": items_per_month}
            )
        audit_record(
            actor=actor,
            action="submission.task",
            obj=column,
            agency=agency,
            before={"items_per_month": before},
            after={"items_per_month": items_per_month},
        )
    return task
