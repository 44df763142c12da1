"""The demo's provincial exchange: its records acknowledged as the platform would.

The trading write functions queue each record in the outbox as they go. Here
a push runs every Sunday evening from the first record's day to the demo's
last day, at the end of each year and on the last day itself, through the
reference receiver in this process (:class:`LoopbackAdapter`, no network), so
every record is acknowledged within a week of its event, with that week's
receipt time. The 2019 records are the seed's 16,549.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from gongkai.demo import trading
from gongkai.demo.loader import demo_uscc
from gongkai.exchange.adapters import LoopbackAdapter
from gongkai.exchange.models import ExchangeRecord, RecordState
from gongkai.exchange.outbox import enqueue
from gongkai.exchange.services import exchange_push
from gongkai.rules import exchange as rules
from gongkai.rules import exchange_records as records
from gongkai.rules import ids
from gongkai.rules.trading import NoticeKind as K
from gongkai.rules.trading import Sector


def push_moments(first: dt.date, last: dt.date) -> list[dt.datetime]:
    """Sundays at 18:00, each 31 December at 23:00 and the last day at 20:00."""
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    moments = [dt.datetime.combine(day, dt.time(18)) for day in days if day.weekday() == 6]
    moments += [
        dt.datetime(day.year, 12, 31, 23) for day in days if (day.month, day.day) == (12, 31)
    ]
    moments.append(dt.datetime.combine(last, dt.time(20)))
    return [timezone.make_aware(moment) for moment in sorted(moments)]


def demo_exchange(last_day: dt.date) -> int:
    """Push the demo's pending records; returns how many were acknowledged."""
    pending = ExchangeRecord.objects.filter(state=RecordState.PENDING)
    first = pending.aggregate(day=Min("day"))["day"]
    if first is None:
        return 0
    now = {"at": None}
    adapter = LoopbackAdapter(clock=lambda: now["at"])
    acknowledged = 0
    for moment in push_moments(first, last_day):
        now["at"] = moment
        acknowledged += exchange_push(now=moment, adapter=adapter).acknowledged
    return acknowledged


# The seed year's records without its notices (the fault test, the benchmark) ----------

OFFSETS = {  # days from the announcement to each notice, roughly as the demo's windows
    K.ANNOUNCEMENT: 0, K.CORRECTION: 2, K.OPENING: 21, K.CANDIDATES: 22, K.RESULT: 28,
    K.CONTRACT: 35,
}  # fmt: skip


def seed_year_records(agency) -> int:
    """Queue the records the demo's 2019 projects and notices send, straight into the
    outbox (no projects, notices or pages: seconds instead of minutes); 16,549."""
    planned_by_day: dict[dt.date, list] = defaultdict(list)
    serial = 0
    for plan in trading.PLANS_2019:
        for n, start in enumerate(trading._2019_starts(plan.projects)):
            serial += 1
            for day, planned in _project_events(agency, plan, n, start, serial):
                planned_by_day[day] += planned
    made = 0
    for day in sorted(planned_by_day):
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
        with transaction.atomic():
            made += enqueue(planned_by_day[day], agency=agency, at=at)
    return made


def _project_events(agency, plan, n: int, start: dt.date, serial: int):
    code = ids.deal_code(agency.uscc, start, serial)
    project = records.ProjectFacts(
        plan.sector, f"{plan.prefix}-2019-{n + 1:04d}", f"{plan.prefix}项目{n + 1}", plan.method,
        plan.sector == Sector.CONSTRUCTION, "210300",
        {"OWNER": ("业主单位", trading.OWNER_CODES[plan.sector])},
    )  # fmt: skip
    sections = [records.SectionFacts("01", "第一包", code, "1000000.00")]
    yield start, records.plan(rules.PROJECT, project, sections, _at(agency, start))
    kinds = plan.kinds + ((plan.extra[n],) if n < len(plan.extra) else ())
    for number, kind in enumerate(sorted(kinds, key=trading._order), start=1):
        day = start + dt.timedelta(days=OFFSETS[kind])
        bidders = {code: _bidders(n)}  # known to the evaluation from the opening
        facts = records.Notice(serial * 10 + number, kind, _fields(plan.sector, kind, n), bidders)
        yield day, records.plan(kind, project, sections, _at(agency, day), facts)


def _at(agency, day: dt.date) -> records.Envelope:
    return records.Envelope(agency.uscc, "", dt.datetime.combine(day, dt.time(10)))


def _bidders(n: int) -> int:
    return 60 + (19 * n) % 77  # as gongkai.demo.trading's openings


def _fields(sector: Sector, kind: K, n: int) -> dict:
    name = trading.WINNERS[n % len(trading.WINNERS)]
    code = demo_uscc("91", 100 + n % len(trading.WINNERS))
    fields = {
        K.OPENING: {"BIDDER_COUNT": _bidders(n)},
        K.CANDIDATES: {"FIRST_CANDIDATE_NAME": name},
        K.RESULT: {"WINNER_NAME": name, "WINNER_CODE": code, "TRANSFEREE_NAME": name,
                   "TRANSFEREE_CODE": code},
    }.get(kind, {})  # fmt: skip
    return fields | trading.COMMITTEES.get((sector, kind), {})
