"""Write functions of the consultation desk (政务咨询).

Each checks the actor's role in the question's agency, changes state and writes
its audit record in one transaction. Audit summaries never hold the asker's
name or contact. The response target is computed once, on receipt, and stored
(``respond_by``), with the three-month limit (``hard_limit_on``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import IntegrityError, transaction

from gongkai.agencies.models import Agency
from gongkai.audit.services import audit_record
from gongkai.consultations.intake import QuestionData, question_validate
from gongkai.consultations.models import Desk, Question
from gongkai.rules import consultation as rules
from gongkai.workcalendar.selectors import current_calendar

TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L


def _new_tracking_code() -> str:
    return "Q" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(11))


def _respond_workdays(agency: Agency) -> int:
    desk = Desk.objects.filter(agency=agency).first()
    return desk.respond_workdays if desk else rules.DEFAULT_RESPOND_WORKDAYS


def _create(*, agency: Agency, data: QuestionData, received_on: dt.date, actor: Any, **fields):
    question = Question(
        agency=agency,
        tracking_code=_new_tracking_code(),
        subject=data.subject,
        body=data.body,
        asker_name=data.asker_name,
        phone=data.phone,
        email=data.email,
        received_on=received_on,
        respond_by=rules.respond_by(received_on, _respond_workdays(agency), current_calendar()),
        hard_limit_on=rules.hard_limit(received_on),
        **fields,
    )
    question.save()
    audit_record(
        actor=actor,
        action="question.receive",
        obj=question,
        agency=agency,
        after={
            "tracking_code": question.tracking_code,
            "received_on": str(received_on),
            "respond_by": str(question.respond_by),
        },
    )
    return question


def question_submit(
    *, agency: Agency, data: QuestionData, idempotency_key: str, today: dt.date
) -> tuple[Question, bool]:
    """A question from the public form or the API; committed before it is acknowledged.

    A repeated submission with the same key returns the first one (created=False).
    """
    existing = Question.objects.filter(agency=agency, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    data = question_validate(data)
    try:
        with transaction.atomic():
            question = _create(
                agency=agency,
                data=data,
                received_on=today,
                actor=f"public:{idempotency_key[:12]}",
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        existing = Question.objects.filter(agency=agency, idempotency_key=idempotency_key)
        return existing.get(), False
    return question, True
