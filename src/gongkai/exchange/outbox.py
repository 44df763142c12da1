"""Writing the exchange outbox, inside the transaction of the change it reports.

The trading write functions call one function each: :func:`records_for_project`
(project_create), :func:`records_for_notice` (notice_publish) and
:func:`records_for_withdrawal` (notice_withdraw). What to send is decided by
:func:`gongkai.rules.exchange_records.plan`; :func:`enqueue` turns each planned record
into the next revision of its ``data_key``:

- nothing changed since the last revision: no row;
- the receiver has (or may have) the record: ``update``, else ``add``;
- a revision not yet sent is superseded by the new one (it never leaves), and so
  is one that failed; one already on its way stays and goes first;
- a withdrawal deletes what the notice sent, unless it never left (then both the
  record and its deletion are dropped).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.exchange.models import ExchangeRecord, RecordState
from gongkai.rules import exchange as rules
from gongkai.rules import exchange_records as records
from gongkai.rules.exchange import Operation
from gongkai.rules.exchange_records import Planned
from gongkai.rules.trading import NoticeKind

DELETE = Operation.DELETE
LIVE_BASE = (RecordState.ACKNOWLEDGED, RecordState.PENDING)


class OutboxOutsideTransaction(RuntimeError):
    """The outbox is written in the transaction of the change it reports."""


def records_for_project(project, sections, today: dt.date) -> int:
    """Project registered (项目登记): its project, section and party records."""
    at = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    envelope = _envelope(project.agency, at)
    facts = [_section_facts(section) for section in sections]
    planned = records.plan(rules.PROJECT, _project_facts(project), facts, envelope)
    return enqueue(planned, agency=project.agency, at=at, project=project)


def records_for_notice(notice, now: dt.datetime) -> int:
    """Notice published: the datasets of its sector and kind."""
    project = notice.project
    sections = list(notice.sections.all())
    envelope = _envelope(project.agency, now, url=_page_url(notice))
    facts = records.Notice(
        id=notice.pk,
        kind=NoticeKind(notice.kind),
        fields=notice.fields,
        bidders=_opening_bidders(notice, sections),
    )
    planned = records.plan(
        notice.kind, _project_facts(project), [_section_facts(s) for s in sections], envelope, facts
    )
    return enqueue(planned, agency=project.agency, at=now, project=project, notice=notice)


def records_for_withdrawal(notice, now: dt.datetime) -> int:
    """Notice withdrawn: delete each record whose latest revision it sent."""
    keys = set(
        ExchangeRecord.objects.filter(notice=notice)
        .exclude(dataset__in=rules.KEPT_ON_WITHDRAWAL)
        .values_list("data_key", flat=True)
    )
    planned = []
    for key, rows in _history(keys).items():
        latest = _live(rows)[-1:] or [None]
        row = latest[0]
        if row and row.notice_id == notice.pk and row.operation != Operation.DELETE:
            planned.append(Planned(row.dataset, key, records.deletion(row.payload, _local(now))))
    project = notice.project
    return enqueue(
        planned, agency=project.agency, at=now, project=project, notice=notice, operation=DELETE
    )


def enqueue(
    planned: list[Planned],
    *,
    agency,
    at: dt.datetime,
    project=None,
    notice=None,
    operation: Operation | None = None,
) -> int:
    """Write the next revision of each planned record; returns the rows written.

    ``operation`` is DELETE for a withdrawal, otherwise add or update is chosen.
    Two transactions writing the same record at once: the one that loses the
    race on (data_key, revision) reads again and retries.
    """
    if not connection.in_atomic_block:
        raise OutboxOutsideTransaction("the exchange outbox needs the change's transaction")
    unique = list({item.key: item for item in planned}.values())
    tries = 0
    while True:
        try:
            with transaction.atomic():
                return _write(unique, agency, at, project, notice, operation)
        except IntegrityError:
            tries += 1
            if tries == 3:
                raise


def _write(planned, agency, at, project, notice, operation) -> int:
    history = _history(item.key for item in planned)
    rows, obsolete = [], set()
    for item in planned:
        made = _next_row(item, history.get(item.key, []), obsolete, operation)
        if made is not None:
            rows.append(_row(made, item, agency, at, project, notice))
    if obsolete:  # only rows that have not left meanwhile
        ExchangeRecord.objects.filter(
            pk__in=obsolete, first_sent_at__isnull=True, state=RecordState.PENDING
        ).update(state=RecordState.SUPERSEDED, claimed_until=None)
        ExchangeRecord.objects.filter(pk__in=obsolete, state=RecordState.FAILED).update(
            state=RecordState.SUPERSEDED
        )
    ExchangeRecord.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def _next_row(item: Planned, rows: list, obsolete: set, operation) -> tuple | None:
    """(operation, revision) of the new row, or None when nothing is to be sent."""
    live = _live(rows)
    latest = live[-1] if live else None
    same = (
        latest is not None
        and latest.operation != DELETE
        and records.same_content(latest.payload, item.payload)
    )
    if operation is None and same:
        return None  # nothing changed
    replaced = [
        row
        for row in live
        if row.state == RecordState.FAILED
        or (row.state == RecordState.PENDING and row.first_sent_at is None)
    ]
    obsolete.update(row.pk for row in replaced)
    base = [row for row in live if row not in replaced and row.state in LIVE_BASE]
    there = bool(base) and base[-1].operation != Operation.DELETE
    if operation == Operation.DELETE:
        if not there:
            return None  # the receiver never had it: nothing to delete
        chosen = Operation.DELETE
    else:
        chosen = Operation.UPDATE if there else Operation.ADD
    return chosen, (rows[-1].revision if rows else 0) + 1


def _row(made, item: Planned, agency, at, project, notice) -> ExchangeRecord:
    operation, revision = made
    return ExchangeRecord(
        agency=agency,
        project=project,
        notice=notice,
        dataset=item.dataset,
        data_key=item.key,
        revision=revision,
        operation=operation,
        payload=item.payload,
        day=timezone.localdate(at),
        next_attempt_at=at,
    )


def _live(rows: list) -> list:
    return [row for row in rows if row.state != RecordState.SUPERSEDED]


def _history(keys: Iterable[str]) -> dict[str, list[ExchangeRecord]]:
    keys = list(keys)
    found: dict[str, list[ExchangeRecord]] = defaultdict(list)
    for start in range(0, len(keys), 500):
        chunk = ExchangeRecord.objects.filter(data_key__in=keys[start : start + 500])
        for row in chunk.order_by("data_key", "revision"):
            found[row.data_key].append(row)
    return found


# Facts for the rules -----------------------------------------------------------------------


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def _envelope(agency, at: dt.datetime, url: str = "") -> records.Envelope:
    return records.Envelope(
        platform_code=agency.uscc,
        pub_service_plat_code=settings.GONGKAI_EXCHANGE_PUB_SERVICE_PLAT_CODE,
        at=_local(at),
        url=url,
    )


def _page_url(notice) -> str:
    if not notice.document_id:
        return ""
    path = reverse("catalogue:public", args=[notice.project.agency.slug, notice.document_id])
    return settings.GONGKAI_PUBLIC_URL.rstrip("/") + path


def _project_facts(project) -> records.ProjectFacts:
    return records.ProjectFacts(
        sector=project.sector,
        code=project.code,
        name=project.name,
        method=project.method,
        legally_required=project.legally_required,
        region_code=project.region_code,
        parties={
            "OWNER": (project.owner_name, project.owner_code),
            "AGENT": (project.agent_name, project.agent_code),
        },
    )


def _section_facts(section) -> records.SectionFacts:
    value = "" if section.value_yuan is None else str(section.value_yuan)
    return records.SectionFacts(section.code, section.name, section.deal_code, value)


def _opening_bidders(notice, sections) -> dict[str, int]:
    """Bidders of each section from its latest published opening record (开标记录),
    for the evaluation's per-bid records."""
    from gongkai.trading.models import Notice, NoticeState

    if notice.kind != NoticeKind.CANDIDATES:
        return {}
    found = {}
    for section in sections:
        fields = (
            Notice.objects.filter(
                sections=section, kind=NoticeKind.OPENING, state=NoticeState.PUBLISHED
            )
            .order_by("-published_at", "-id")
            .values_list("fields", flat=True)
            .first()
        )
        opening = records.Notice(0, NoticeKind.OPENING, fields or {})
        found[section.deal_code] = records.count(rules.Per.BIDDER, opening)
    return found
