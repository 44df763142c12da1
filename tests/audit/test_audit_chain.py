"""The audit hash chain: tampering directly in the database is named by `gongkai audit verify`.

The tampering runs as an attacker with database access would: raw SQL with the
append-only triggers dropped or disabled. Each kind of change (edit, deletion,
insertion) must be reported with the exact record id, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.test import override_settings
from django.utils import timezone

from gongkai.agencies.permissions import SYSTEM
from gongkai.audit import chain
from gongkai.audit.models import AuditChain, AuditRecord
from gongkai.audit.services import RetentionTooShort, audit_prune, audit_record
from gongkai.cli import main
from gongkai.rules import auditchain


def _write(n: int, action: str = "test.event") -> list[AuditRecord]:
    records = []
    for i in range(n):
        with transaction.atomic():
            records.append(audit_record(actor=SYSTEM, action=action, after={"i": i}))
    return records


def _tamper(sql: str, params=()) -> None:
    """What an attacker with DB access does: get the triggers out of the way, then write."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # so ALTER TABLE may run
            cursor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_append_only")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_append_only_update")
        cursor.execute(sql, params)


def _verify_cli(capsys) -> tuple[int, dict]:
    code = main(["audit", "verify", "--json"])
    return code, json.loads(capsys.readouterr().out)


def _found(report: dict) -> set[tuple[str, int | None]]:
    return {(p["kind"], p["record"]) for p in report["problems"]}


def test_an_untouched_chain_verifies(db, capsys):
    _write(4)
    code, report = _verify_cli(capsys)
    assert (code, report["problems"]) == (0, [])
    seqs = list(AuditRecord.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))


def test_each_record_links_to_its_predecessor(db):
    first, second = _write(2)
    assert second.prev_hash == first.hash
    assert second.seq == first.seq + 1
    assert second.hash_alg in auditchain.ALGORITHMS
    assert len(second.hash) == 64


def test_an_edited_record_is_named(db, capsys):
    records = _write(4)
    target = records[1]
    _tamper("UPDATE audit_auditrecord SET actor_label = 'someone else' WHERE id = %s", [target.pk])
    code, report = _verify_cli(capsys)
    assert code == 1
    assert _found(report) == {("edited", target.pk)}


def test_an_edit_with_its_hash_recomputed_is_named(db, capsys):
    records = _write(4)
    target = records[1]
    forged = AuditRecord.objects.get(pk=target.pk)
    forged.action = "forged"
    new_hash = auditchain.link_hash(forged.hash_alg, forged.chain_fields(), forged.prev_hash)
    _tamper(
        "UPDATE audit_auditrecord SET action = 'forged', hash = %s WHERE id = %s",
        [new_hash, target.pk],
    )
    code, report = _verify_cli(capsys)
    assert (code, _found(report)) == (1, {("edited", target.pk)})


def test_a_deleted_record_leaves_a_named_gap(db, capsys):
    records = _write(4)
    _tamper("DELETE FROM audit_auditrecord WHERE id = %s", [records[1].pk])
    code, report = _verify_cli(capsys)
    assert code == 1
    assert _found(report) == {("deleted", records[2].pk)}
    assert f"after record {records[0].pk}" in report["problems"][0]["detail"]


def test_deleting_the_newest_record_is_seen_against_the_head(db, capsys):
    records = _write(3)
    _tamper("DELETE FROM audit_auditrecord WHERE id = %s", [records[-1].pk])
    code, report = _verify_cli(capsys)
    assert (code, _found(report)) == (1, {("deleted", None)})


COPY = """INSERT INTO audit_auditrecord
    (at, actor_label, action, object_type, object_id, summary, seq, prev_hash, hash,
     hash_alg, actor_id, agency_id)
    SELECT at, actor_label, 'forged', object_type, object_id, summary, seq + %s, prev_hash,
     hash, hash_alg, actor_id, agency_id FROM audit_auditrecord WHERE id = %s"""


def _inserted_id() -> int:
    return AuditRecord.objects.filter(action="forged").values_list("id", flat=True).get()


def test_a_record_inserted_into_the_chain_is_named(db, capsys):
    records = _write(4)
    _tamper(COPY, [0, records[1].pk])  # claims the place of the second record
    code, report = _verify_cli(capsys)
    assert (code, _found(report)) == (1, {("inserted", _inserted_id())})


def test_a_record_appended_behind_the_chains_back_is_named(db, capsys):
    records = _write(3)
    _tamper(COPY, [1, records[-1].pk])  # the next seq, but the head row was not moved
    code, report = _verify_cli(capsys)
    assert (code, _found(report)) == (1, {("inserted", _inserted_id())})


def test_verify_prints_the_record_in_plain_words(db, capsys):
    records = _write(2)
    _tamper("UPDATE audit_auditrecord SET summary = %s WHERE id = %s", ['{"i": 9}', records[0].pk])
    assert main(["--lang", "en", "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"edited record={records[0].pk}" in out
    assert "1 problem(s)" in out


def test_a_change_of_algorithm_keeps_old_records_verifiable(db, capsys):
    with override_settings(GONGKAI_AUDIT_HASH="sha256"):
        old = _write(2)
    with override_settings(GONGKAI_AUDIT_HASH="sm3"):
        new = _write(2)
    assert {r.hash_alg for r in old} == {"sha256"}
    assert {r.hash_alg for r in new} == {"sm3"}
    assert _verify_cli(capsys)[0] == 0


def test_sm3_known_answer():
    expected = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert auditchain.digest("sm3", b"abc") == expected


# --- retention and pruning -------------------------------------------------------------


def _age(records: list[AuditRecord], days: int) -> None:
    when = timezone.now() - dt.timedelta(days=days)
    ids = [r.pk for r in records]
    fresh = []
    for record in AuditRecord.objects.filter(pk__in=ids).order_by("seq"):
        record.at = when
        prev = fresh[-1][1] if fresh else record.prev_hash
        new = auditchain.link_hash(record.hash_alg, record.chain_fields(), prev)
        fresh.append((record.pk, new, prev))
    # rewrite history as if these had been written long ago (a test fixture, not an attack)
    for pk, new, prev in fresh:
        _tamper(
            "UPDATE audit_auditrecord SET at = %s, hash = %s, prev_hash = %s WHERE id = %s",
            [connection.ops.adapt_datetimefield_value(when), new, prev, pk],
        )
    _rechain_after(fresh[-1][1], max(r.seq for r in records))


def _rechain_after(prev: str, seq: int) -> None:
    for record in AuditRecord.objects.filter(seq__gt=seq).order_by("seq"):
        new = auditchain.link_hash(record.hash_alg, record.chain_fields(), prev)
        _tamper(
            "UPDATE audit_auditrecord SET hash = %s, prev_hash = %s WHERE id = %s",
            [new, prev, record.pk],
        )
        prev = new
    AuditChain.objects.filter(pk=1).update(head_hash=prev)


def test_prune_archives_removes_and_verify_still_accepts(db, capsys, tmp_path):
    old = _write(3, "test.old")
    _age(old, 400)
    kept = _write(2, "test.new")
    assert _verify_cli(capsys)[0] == 0
    with override_settings(GONGKAI_AUDIT_RETENTION_DAYS=200):
        result = audit_prune(actor=SYSTEM, now=timezone.now(), archive_dir=tmp_path)
    assert result.count == 3
    assert not AuditRecord.objects.filter(action="test.old").exists()
    assert AuditRecord.objects.filter(pk__in=[r.pk for r in kept]).count() == 2
    lines = result.archive.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["anchor"] == {
        "through_seq": old[-1].seq,
        "hash": result.anchor_hash,
    }
    assert [json.loads(line)["seq"] for line in lines[:-1]] == [r.seq for r in old]
    assert AuditRecord.objects.filter(action="audit.prune").exists()
    code, report = _verify_cli(capsys)
    assert (code, report["problems"]) == (0, [])


def test_prune_keeps_what_is_within_retention(db, tmp_path):
    records = _write(2)
    _age(records, 100)
    with override_settings(GONGKAI_AUDIT_RETENTION_DAYS=184):
        assert audit_prune(actor=SYSTEM, now=timezone.now(), archive_dir=tmp_path).count == 0
    assert AuditRecord.objects.filter(pk__in=[r.pk for r in records]).count() == 2


def test_prune_refuses_a_retention_under_six_months(db, tmp_path):
    with override_settings(GONGKAI_AUDIT_RETENTION_DAYS=183), pytest.raises(RetentionTooShort):
        audit_prune(actor=SYSTEM, now=timezone.now(), archive_dir=tmp_path)


def test_prune_is_for_the_audit_admin_only(db, tmp_path, system_admin, security_admin):
    from django.core.exceptions import PermissionDenied

    for actor in (system_admin, security_admin):
        with pytest.raises(PermissionDenied):
            audit_prune(actor=actor, now=timezone.now(), archive_dir=tmp_path)


def test_an_anchor_moved_without_a_prune_is_reported(db, capsys):
    records = _write(3)
    AuditChain.objects.filter(pk=1).update(base_seq=records[0].seq, base_hash=records[0].hash)
    _tamper("DELETE FROM audit_auditrecord WHERE id = %s", [records[0].pk])
    code, report = _verify_cli(capsys)
    assert code == 1
    assert ("deleted", None) in _found(report)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row DELETE is refused by a trigger on PostgreSQL only; SQLite relies on the ORM",
)
def test_postgres_refuses_deleting_records_still_in_the_chain(db):
    _write(2)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord")


def test_gongkai_check_refuses_a_short_retention(db):
    from gongkai.deploy_checks import check_audit_retention

    with override_settings(GONGKAI_AUDIT_RETENTION_DAYS=90):
        assert not check_audit_retention().ok
    with override_settings(GONGKAI_AUDIT_RETENTION_DAYS=184):
        assert check_audit_retention().ok


# --- concurrency -----------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the SQLite test database is in memory and not shared between threads; "
    "SQLite appends are serialised by its IMMEDIATE write lock (settings.py)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_unbroken_chain():
    errors = []

    def worker(n: int) -> None:
        try:
            for i in range(10):
                with transaction.atomic():
                    audit_record(actor=SYSTEM, action="test.race", after={"w": n, "i": i})
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = sorted(AuditRecord.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, 61))
    assert chain.verify() == []
