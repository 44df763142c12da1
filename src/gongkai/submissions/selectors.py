"""What staff see of 信息报送: inbox and outbox, counts and rates per period."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import Column
from gongkai.rules.submissions import adoption_rate, assurance_rate
from gongkai.submissions.models import Submission, SubmissionState, SubmissionTask


def target_columns(agency: Agency) -> QuerySet[Column]:
    """The columns of supervising agencies that take this agency's submissions."""
    above = [supervisor.pk for supervisor in agency.ancestors()]
    return Column.objects.filter(agency_id__in=above, accepts_submissions=True).select_related(
        "agency"
    )


def inbox(agency: Agency) -> QuerySet[Submission]:
    """Items waiting for this agency's editors to adopt or decline, oldest first."""
    return (
        Submission.objects.filter(column__agency=agency, state=SubmissionState.SUBMITTED)
        .select_related("agency", "column")
        .order_by("submitted_at", "id")
    )


def sent(agency: Agency) -> QuerySet[Submission]:
    return Submission.objects.filter(agency=agency).select_related("column", "column__agency")


@dataclass(frozen=True)
class Counts:
    submitted: int  # withdrawn items do not count
    adopted: int
    declined: int
    pending: int
    adoption_rate: Decimal | None  # 采用率, percent
    assurance_rate: Decimal | None  # 信息保障率, percent (None without tasks)


def _period(first: dt.date, last: dt.date) -> Q:
    return Q(submitted_at__date__gte=first, submitted_at__date__lte=last)


def counts(
    agency: Agency, first: dt.date, last: dt.date, *, until: dt.date | None = None
) -> Counts:
    """The agency's submissions made between ``first`` and ``last`` (inclusive).

    The 信息保障率 weighs the months of the period that have ended by ``until``
    (every month when it is None), so a month under way is not a shortfall.
    """
    rows = dict(
        Submission.objects.filter(_period(first, last), agency=agency)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    adopted = rows.get(SubmissionState.ADOPTED, 0)
    declined = rows.get(SubmissionState.DECLINED, 0)
    pending = rows.get(SubmissionState.SUBMITTED, 0)
    submitted = adopted + declined + pending
    return Counts(
        submitted=submitted,
        adopted=adopted,
        declined=declined,
        pending=pending,
        adoption_rate=adoption_rate(submitted, adopted),
        assurance_rate=assurance_rate(_task_months(agency, first, last, until)),
    )


def _months(first: dt.date, last: dt.date, until: dt.date | None) -> list[tuple[int, int]]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
        if until is None or following <= until + dt.timedelta(days=1):
            months.append((year, month))
        year, month = following.year, following.month
    return months


def _task_months(
    agency: Agency, first: dt.date, last: dt.date, until: dt.date | None
) -> list[tuple[int, int]]:
    """(adopted, task) for each whole month of the period and each task column."""
    tasks = dict(
        SubmissionTask.objects.filter(agency=agency).values_list("column_id", "items_per_month")
    )
    if not tasks:
        return []
    adopted = Counter(
        {
            (row["column_id"], row["y"], row["m"]): row["n"]
            for row in Submission.objects.filter(
                _period(first, last), agency=agency, state=SubmissionState.ADOPTED
            )
            .annotate(y=ExtractYear("submitted_at"), m=ExtractMonth("submitted_at"))
            .values("column_id", "y", "m")
            .annotate(n=Count("id"))
        }
    )
    return [
        (adopted[(column, year, month)], task)
        for column, task in tasks.items()
        for year, month in _months(first, last, until)
    ]


def ranking(
    supervisor: Agency, first: dt.date, last: dt.date, *, until: dt.date | None = None
) -> list[tuple[Agency, Counts]]:
    """Every agency under the supervisor with its counts, best 信息保障率 and 采用率 first."""
    rows = [(a, counts(a, first, last, until=until)) for a in supervisor.descendants()]
    return sorted(
        rows,
        key=lambda row: (
            -(row[1].assurance_rate or Decimal(-1)),
            -(row[1].adoption_rate or Decimal(-1)),
            row[0].name,
        ),
    )
