"""Reads of the consultation desk that several places need.

:func:`questions_unanswered` is the contract the website self-inspection relies
on (国办秘函〔2019〕19号, 互动回应差): keep its signature and fields stable.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.consultations.models import Question


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
