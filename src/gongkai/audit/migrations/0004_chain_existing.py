"""Chain the records written before the hash chain existed, and let PostgreSQL
delete only rows already behind the chain's anchor (what ``gongkai audit prune``
moves). SQLite rebuilt the table when 0003 added columns, which drops its
trigger, so it is created again here.
"""

from django.conf import settings
from django.db import migrations

from gongkai.audit.models import chain_fields
from gongkai.rules import auditchain

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION gongkai_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.seq IS NOT NULL
       AND OLD.seq <= (SELECT base_seq FROM audit_auditchain WHERE id = 1) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION USING MESSAGE = 'the audit log is append-only: ' || TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
PG_OLD_FUNCTION = """
CREATE OR REPLACE FUNCTION gongkai_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'the audit log is append-only: ' || TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
SQLITE_TRIGGER = """
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit_auditrecord
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (UPDATE)'); END;
"""
UPDATE = (
    "UPDATE audit_auditrecord SET seq = %s, prev_hash = %s, hash = %s, hash_alg = %s WHERE id = %s"
)


def _chain(apps, schema_editor) -> None:
    record_model = apps.get_model("audit", "AuditRecord")
    chain_model = apps.get_model("audit", "AuditChain")
    algorithm = settings.GONGKAI_AUDIT_HASH
    seq, prev = 0, auditchain.GENESIS
    with schema_editor.connection.cursor() as cursor:
        for record in record_model.objects.order_by("id").iterator(chunk_size=2000):
            seq += 1
            record.seq = seq
            own = auditchain.link_hash(algorithm, chain_fields(record), prev)
            cursor.execute(UPDATE, [seq, prev, own, algorithm, record.pk])
            prev = own
    chain_model.objects.update_or_create(pk=1, defaults={"head_seq": seq, "head_hash": prev})


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_append_only")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_append_only_update")
    _chain(apps, schema_editor)
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        schema_editor.execute("ALTER TABLE audit_auditrecord ENABLE TRIGGER audit_append_only")
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_OLD_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain")]
    operations = [migrations.RunPython(forward, reverse)]
