"""Write functions of the provincial exchange: the push worker and the retry.

:func:`exchange_push` sends pending records in batches through the configured
adapter. Each batch is first *claimed* in a short transaction (attempt counted,
a lease taken: on PostgreSQL with ``FOR UPDATE SKIP LOCKED``, so two workers
never send the same record; SQLite's single writer serialises the claims);
then sent, outside any transaction; then *settled* in a second transaction
with one audit record: a record becomes acknowledged only with the receiver's
receipt. A crash between the two leaves the records claimed until the lease
runs out, then they are sent again, and the receiver's DATA_KEY makes the
resend harmless. Records of one DATA_KEY leave in revision order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from contextlib import closing
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import DateTimeField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce

from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import SYSTEM, require_role
from gongkai.agencies.roles import Role
from gongkai.audit.services import audit_record
from gongkai.exchange.adapters import Ack, BatchResult, Outgoing, TransportError
from gongkai.exchange.adapters import configured_adapter as _configured_adapter
from gongkai.exchange.models import ExchangeRecord, RecordState
from gongkai.rules.exchange import retry_delay

RETRYING_ROLES = (Role.REVIEWER, Role.HEAD)
LEASE = dt.timedelta(minutes=10)  # a claimed batch is sent again after this if never settled
MAX_CONSECUTIVE_ERRORS = 3  # a run stops after this many failed batches in a row
SETTLED = ["state", "claimed_until", "acknowledged_at", "receipt", "receipt_at",
           "duplicate_acks", "last_error", "next_attempt_at"]  # fmt: skip


@dataclass
class PushSummary:
    batches: int = 0
    sent: int = 0
    acknowledged: int = 0
    replayed: int = 0  # the receiver had them already: a resend after a lost answer
    duplicate_acks: int = 0  # acknowledgements of records acknowledged before
    rejected: int = 0  # refused by the receiver: failed, staff look at them
    retrying: int = 0
    gave_up: int = 0  # failed after the last attempt
    errors: list[str] = field(default_factory=list)


def exchange_push(
    *,
    now: dt.datetime,
    adapter: Any = None,
    limit: int | None = None,
    batch_size: int | None = None,
    actor: Any = SYSTEM,
) -> PushSummary:
    """Send what is due at ``now``, at most ``limit`` records; one audit record a batch."""
    if adapter is None:
        with closing(_configured_adapter()) as configured:
            return exchange_push(
                now=now, adapter=configured, limit=limit, batch_size=batch_size, actor=actor
            )
    size = batch_size or settings.GONGKAI_EXCHANGE_BATCH
    summary, errors_in_a_row = PushSummary(), 0
    while errors_in_a_row < MAX_CONSECUTIVE_ERRORS:
        room = size if limit is None else min(size, limit - summary.sent)
        batch = _claim(now, room) if room > 0 else []
        if not batch:
            break
        summary.batches += 1
        summary.sent += len(batch)
        try:
            result = adapter.send([_outgoing(row) for row in batch])
        except TransportError as error:
            errors_in_a_row += 1
            summary.errors.append(str(error))
            _settle(batch, BatchResult(), now, actor, summary, error=str(error))
            continue
        errors_in_a_row = 0
        _settle(batch, result, now, actor, summary)
    return summary


def _claim(now: dt.datetime, size: int) -> list[ExchangeRecord]:
    earlier = ExchangeRecord.objects.filter(
        data_key=OuterRef("data_key"), state=RecordState.PENDING, id__lt=OuterRef("id")
    )
    due = (
        ExchangeRecord.objects.filter(state=RecordState.PENDING, next_attempt_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .exclude(Exists(earlier))
        .order_by("id")
    )
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        rows = list(due[:size])
        ExchangeRecord.objects.filter(pk__in=[row.pk for row in rows]).update(
            attempts=F("attempts") + 1,
            claimed_until=now + LEASE,
            last_sent_at=now,
            first_sent_at=Coalesce("first_sent_at", Value(now, output_field=DateTimeField())),
        )
    for row in rows:
        row.attempts += 1
        row.claimed_until, row.last_sent_at = now + LEASE, now
        row.first_sent_at = row.first_sent_at or now
    return rows


def _write_back(rows: list[ExchangeRecord], names: list[str]) -> None:
    """Save these fields of many rows with one prepared UPDATE run for each row
    (Django's bulk_update builds a CASE for every row and field: seconds a batch)."""
    if not rows:
        return
    meta, quote = ExchangeRecord._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in names]
    sets = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE id = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [row[1:] + row[:1] for row in _prepared(rows, fields)])


def _prepared(rows: list[ExchangeRecord], fields: list) -> list[list]:
    """[id, values…] of each row, as the database takes them (each distinct value
    adapted once: most repeat, the push's time and None)."""
    cache: dict = {}

    def prepare(field, value):
        if (field.attname, value) not in cache:
            cache[(field.attname, value)] = field.get_db_prep_save(value, connection)
        return cache[(field.attname, value)]

    return [[row.pk] + [prepare(f, getattr(row, f.attname)) for f in fields] for row in rows]


def _outgoing(row: ExchangeRecord) -> Outgoing:
    return Outgoing(row.data_key, row.revision, row.dataset, row.operation, row.payload)


def _settle(batch, result: BatchResult, now, actor, summary: PushSummary, error="") -> None:
    """Store the receipts, the refusals and the retries of a batch, in one transaction."""
    acks: dict[tuple[str, int], list[Ack]] = defaultdict(list)
    for ack in result.acks:
        acks[(ack.data_key, ack.revision)].append(ack)
    refused = {(r.data_key, r.revision): r.message for r in result.rejected}
    before = asdict(summary)
    with transaction.atomic():
        for row in batch:
            identity = (row.data_key, row.revision)
            row.claimed_until = None
            if identity in acks:
                _acknowledge(row, acks.pop(identity), now, summary)
            elif identity in refused:
                row.state, row.last_error = RecordState.FAILED, refused[identity][:1000]
                summary.rejected += 1
            else:
                _retry(row, now, error or "no acknowledgement for this record", summary)
        _write_back(batch, SETTLED)
        _late_acks(acks, now, summary)
        audit_record(actor=actor, action="exchange.push", after=_change(before, summary, batch))


def _acknowledge(row: ExchangeRecord, acks: list[Ack], now, summary: PushSummary) -> None:
    first = acks[0]
    if row.state == RecordState.ACKNOWLEDGED:  # settled by an earlier answer meanwhile
        row.duplicate_acks += len(acks)
        summary.duplicate_acks += len(acks)
        return
    row.state, row.receipt, row.last_error = RecordState.ACKNOWLEDGED, first.receipt[:100], ""
    row.acknowledged_at, row.receipt_at = now, _moment(first.received_at)
    row.duplicate_acks += len(acks) - 1
    summary.acknowledged += 1
    summary.replayed += first.duplicate
    summary.duplicate_acks += len(acks) - 1


def _retry(row: ExchangeRecord, now, error: str, summary: PushSummary) -> None:
    row.last_error = error[:1000]
    if row.attempts >= settings.GONGKAI_EXCHANGE_MAX_ATTEMPTS:
        row.state = RecordState.FAILED
        summary.gave_up += 1
        return
    base = settings.GONGKAI_EXCHANGE_RETRY_SECONDS
    delay = retry_delay(row.attempts, base=base, salt=row.pk)
    row.next_attempt_at = now + dt.timedelta(seconds=delay)
    summary.retrying += 1


def _late_acks(acks: dict, now, summary: PushSummary) -> None:
    """Acknowledgements of records outside the batch: repeats of ones already stored
    (counted on the record, never twice as acknowledged), or the lost answer of an
    earlier batch (the record waits for a retry: acknowledge it now)."""
    if not acks:
        return
    keys = {key for key, _revision in acks}
    rows = [
        row
        for row in ExchangeRecord.objects.filter(data_key__in=keys)
        if (row.data_key, row.revision) in acks and row.claimed_until is None
    ]
    for row in rows:
        _acknowledge(row, acks[(row.data_key, row.revision)], now, summary)
    _write_back(rows, SETTLED)


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _change(before: dict, summary: PushSummary, batch) -> dict:
    counts = {k: v - before[k] for k, v in asdict(summary).items() if k not in ("errors",)}
    counts = {k: v for k, v in counts.items() if v and k not in ("batches", "sent")}
    return {"records": len(batch), "first": batch[0].pk, "last": batch[-1].pk, **counts}


def exchange_retry(
    *, actor: Any, agency: Agency, now: dt.datetime, ids: list[int] | None = None
) -> int:
    """Send failed records again (all of the agency's, or those of ``ids``)."""
    require_role(actor, RETRYING_ROLES, agency)
    failed = ExchangeRecord.objects.filter(agency=agency, state=RecordState.FAILED)
    if ids is not None:
        failed = failed.filter(pk__in=ids)
    with transaction.atomic():
        count = failed.update(
            state=RecordState.PENDING, attempts=0, next_attempt_at=now, claimed_until=None
        )
        audit_record(actor=actor, action="exchange.retry", agency=agency, after={"records": count})
    return count
