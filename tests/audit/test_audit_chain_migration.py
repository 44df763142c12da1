"""Records written before the hash chain existed are chained by migration 0004."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongkai.audit import chain

BEFORE = [("audit", "0002_append_only_triggers")]
INSERT = """INSERT INTO audit_auditrecord (at, actor_label, action, object_type, object_id, summary)
    VALUES (%s, 'system', %s, '', '', %s)"""


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_existing_records_are_chained_and_verify():
    from django.utils import timezone

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("audit")
    _migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            for n in range(5):
                when = connection.ops.adapt_datetimefield_value(timezone.now())
                cursor.execute(INSERT, [when, f"old.{n}", json.dumps({"n": n})])
    finally:
        _migrate(latest)
    from gongkai.audit.models import AuditRecord

    seqs = list(AuditRecord.objects.order_by("id").values_list("seq", flat=True))
    assert seqs == [1, 2, 3, 4, 5]
    assert chain.verify() == []
    with connection.cursor() as cursor, pytest.raises(Exception, match="append-only"):
        cursor.execute("UPDATE audit_auditrecord SET action = 'forged'")  # trigger is back
