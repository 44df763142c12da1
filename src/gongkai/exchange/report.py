"""Reconciliation: what became of each day's records, per dataset.

For each day (the local date of the event) and dataset: the records to send
(every revision that was not superseded before it left), how many were sent,
acknowledged, failed and are still pending, and the acknowledgements that came
again (recorded, never counted twice). With the receiver's own count of what
it accepted (when its adapter can tell), each row says whether both sides
agree. ``records = acknowledged + failed + pending`` always.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields

from django.db.models import Count, Q, Sum
from django.utils import timezone

from gongkai.exchange.models import ExchangeRecord, RecordState
from gongkai.rules.exchange import DATASETS

S = RecordState


@dataclass
class Row:
    day: dt.date | None
    dataset: str
    records: int = 0
    sent: int = 0
    acknowledged: int = 0
    failed: int = 0
    pending: int = 0
    superseded: int = 0
    duplicate_acks: int = 0
    receiver: int | None = None  # what the receiver says it accepted, when asked

    @property
    def name(self) -> str:
        dataset = DATASETS.get(self.dataset)
        return dataset.name if dataset else ""

    @property
    def agrees(self) -> bool | None:
        return None if self.receiver is None else self.receiver == self.acknowledged

    def as_json(self) -> dict:
        values = asdict(self)
        values["day"] = self.day.isoformat() if self.day else None
        return values | {"name": self.name, "agrees": self.agrees}


COUNTS = {
    "records": Count("id", filter=~Q(state=S.SUPERSEDED)),
    "sent": Count("id", filter=~Q(state=S.SUPERSEDED) & Q(first_sent_at__isnull=False)),
    "acknowledged": Count("id", filter=Q(state=S.ACKNOWLEDGED)),
    "failed": Count("id", filter=Q(state=S.FAILED)),
    "pending": Count("id", filter=Q(state=S.PENDING)),
    "superseded": Count("id", filter=Q(state=S.SUPERSEDED)),
    "duplicate_acks": Sum("duplicate_acks", default=0),
}


def reconciliation(first: dt.date, last: dt.date, agency=None) -> list[Row]:
    """One row per day and dataset from ``first`` to ``last``, in one grouped query."""
    rows = ExchangeRecord.objects.filter(day__gte=first, day__lte=last)
    if agency is not None:
        rows = rows.filter(agency=agency)
    grouped = rows.values("day", "dataset").annotate(**COUNTS).order_by("day", "dataset")
    return [Row(**values) for values in grouped]


def with_receiver(rows: list[Row], counts: dict[tuple[dt.date, str], int]) -> list[Row]:
    """Add the receiver's counts; a day and dataset only the receiver has gets a row."""
    by_key = {(row.day, row.dataset): row for row in rows}
    for key in counts.keys() - by_key.keys():
        by_key[key] = Row(day=key[0], dataset=key[1])
    for key, row in by_key.items():
        row.receiver = counts.get(key, 0)
    return sorted(by_key.values(), key=lambda row: (row.day, row.dataset))


def total(rows: list[Row]) -> Row:
    summed = Row(day=None, dataset="")
    for name in (f.name for f in fields(Row) if f.name not in ("day", "dataset")):
        values = [getattr(row, name) for row in rows]
        if name == "receiver" and (not values or None in values):
            continue
        setattr(summed, name, sum(values))
    return summed


def receiver_counts(adapter, agency, first: dt.date, last: dt.date) -> dict | None:
    """The receiver's counts for the agency, or None when its adapter cannot tell."""
    counts = getattr(adapter, "counts", None)
    return None if counts is None else counts(agency.uscc, first, last)


def acknowledged_in_year(agency, year: int) -> int:
    """Records the provincial platform acknowledged in the year (the annual report's
    "向省级平台上传交易数据…条")."""
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    return ExchangeRecord.objects.filter(
        agency=agency,
        state=S.ACKNOWLEDGED,
        acknowledged_at__gte=start,
        acknowledged_at__lt=end,
    ).count()
