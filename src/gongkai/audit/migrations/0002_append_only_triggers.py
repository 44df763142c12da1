"""Database-level guard of the append-only audit log.

UPDATE is refused on both engines. Row DELETE is refused on PostgreSQL; on
SQLite, where Django's test flush deletes rows one table at a time, the model
and queryset refuse it instead. (TRUNCATE stays with the table owner: it is
how Django's test runner empties tables on PostgreSQL.)
"""

from django.db import migrations

PG_FORWARD = """
CREATE FUNCTION gongkai_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = 'the audit log is append-only: ' || TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_append_only
    BEFORE UPDATE OR DELETE ON audit_auditrecord
    FOR EACH ROW EXECUTE FUNCTION gongkai_audit_append_only();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditrecord;
DROP FUNCTION IF EXISTS gongkai_audit_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit_auditrecord
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only (UPDATE)'); END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS audit_append_only_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_REVERSE)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, reverse)]
