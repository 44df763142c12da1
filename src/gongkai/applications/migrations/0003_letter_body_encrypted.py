"""Letters name the applicant and their address: their text is now encrypted at rest.

Existing plain texts are sealed under the current field key (context
``applications.letter.body``, as EncryptedTextField binds it).
"""

from django.db import migrations

import gongkai.crypto

CONTEXT = "applications.letter.body"


def seal(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, body FROM applications_letter")
        rows = cursor.fetchall()
        for pk, body in rows:
            if body and not body.startswith(("gk1:", "gk2:")):
                sealed = gongkai.crypto.encrypt(body, context=CONTEXT)
                cursor.execute(
                    "UPDATE applications_letter SET body = %s WHERE id = %s", [sealed, pk]
                )


def unseal(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, body FROM applications_letter")
        for pk, body in cursor.fetchall():
            if body and body.startswith(("gk1:", "gk2:")):
                plain = gongkai.crypto.decrypt(body, context=CONTEXT)
                cursor.execute(
                    "UPDATE applications_letter SET body = %s WHERE id = %s", [plain, pk]
                )


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_application_application_agency__a8862e_idx")]

    operations = [
        migrations.AlterField(
            model_name="letter",
            name="body",
            field=gongkai.crypto.EncryptedTextField(verbose_name="text"),
        ),
        migrations.RunPython(seal, unseal),
    ]
