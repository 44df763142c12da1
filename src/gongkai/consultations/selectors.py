"""Reads of the consultation desk that several places need.

:func:`questions_unanswered` is the contract the website self-inspection relies
on (国办秘函〔2019〕19号, 互动回应差): keep its signature and fields stable.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.consultations.models import Desk, Question


def questions_unanswered(agency: Agency, *, as_of: dt.date) -> QuerySet[Question]:
    """Questions ``agency`` had received by ``as_of`` and not answered or closed by then.

    Each row has ``tracking_code``, ``received_on``, ``respond_by`` (the agency's
    target) and ``hard_limit_on`` (= ``gongkai.rules.consultation.hard_limit(received_on)``);
    oldest first. A question transferred, declined as spam or converted into an
    application counts as closed on the day that happened.
    """
    return Question.objects.filter(agency=agency).unanswered_on(as_of).order_by("received_on", "id")


def published_questions(agency: Agency) -> QuerySet[Question]:
    """The agency's answered questions as the public sees them, newest first."""
    return Question.objects.filter(agency=agency).published().order_by("-published_on", "-id")


def desk_of(agency: Agency) -> Desk:
    """The agency's desk settings; an unsaved default desk when it has none."""
    return Desk.objects.filter(agency=agency).first() or Desk(agency=agency)


def staff_questions(agency: Agency, *, show: str, today: dt.date) -> QuerySet[Question]:
    """The workspace list: ``open`` (soonest due first), ``due`` (due within the
    next 2 days), ``overdue`` (past the target) or ``all`` (newest first)."""
    rows = Question.objects.filter(agency=agency).select_related("handler")
    if show == "all":
        return rows.order_by("-received_on", "-id")
    if show == "overdue":
        rows = rows.overdue(today)
    elif show == "due":
        rows = rows.due_between(today, today + dt.timedelta(days=2))
    else:
        rows = rows.open()
    return rows.order_by("respond_by", "id")
