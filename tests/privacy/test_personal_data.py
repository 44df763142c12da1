"""Applicants' personal data: encrypted at rest everywhere, kept out of logs, masked in lists
and exports, shown unmasked only by a recorded action (spec security.md SEC-43, SEC-21, §3)."""

from __future__ import annotations

import logging

import pytest
from django.db import connection

from gongkai.audit.models import AuditRecord
from tests.privacy.conftest import ID_NUMBER, NAME, PHONE, SECRETS


def _all_stored_text() -> str:
    """Every row of every table, as the database holds it (what a stolen dump shows)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.append(repr(cursor.fetchall()))
    return "\n".join(chunks)


def test_no_personal_value_is_stored_in_clear_anywhere(life):
    application = life()
    assert application.applicant_name == NAME  # it is there, decrypted for the program
    assert NAME in application.letters.first().body
    stored = _all_stored_text()
    leaked = [value for value in SECRETS if value in stored]
    assert leaked == []


def test_a_ciphertext_copied_to_another_row_does_not_decrypt(life, person, agency, staff):
    from gongkai.applications.models import Application

    first = life()
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM applications_application WHERE id = %s", [first.pk])
        sealed = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE applications_letter SET body = %s WHERE application_id = %s", [sealed, first.pk]
        )
    with pytest.raises(Exception, match=r"InvalidTag|"):
        list(Application.objects.get(pk=first.pk).letters.all())


def test_personal_data_never_reaches_the_logs(life, client, staff, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    connection.force_debug_cursor = True  # SQL with its parameters goes to the log too
    try:
        application = life()
        client.force_login(staff["handler"])
        for url in (
            "/staff/cases/",
            f"/staff/cases/{application.pk}/",
            "/staff/cases/export/2019.csv",
            f"/track/{application.tracking_code}/",
        ):
            assert client.get(url).status_code in (200, 302)
    finally:
        connection.force_debug_cursor = False
    assert "SELECT" in caplog.text  # the SQL log was captured
    assert [value for value in SECRETS if value in caplog.text] == []


def test_lists_and_exports_are_masked(life, client, staff):
    application = life()
    client.force_login(staff["handler"])
    pages = [
        client.get("/staff/cases/").content.decode(),
        client.get(f"/staff/cases/{application.pk}/").content.decode(),
        b"".join(client.get("/staff/cases/export/2019.csv").streaming_content).decode()
        if client.get("/staff/cases/export/2019.csv").streaming
        else client.get("/staff/cases/export/2019.csv").content.decode(),
    ]
    for page in pages:
        assert [value for value in (NAME, ID_NUMBER, PHONE) if value in page] == []
    assert ID_NUMBER[:6] + "********" + ID_NUMBER[-4:] in pages[2]


def test_unmasked_viewing_is_a_recorded_action(life, client, staff):
    application = life()
    client.force_login(staff["handler"])
    before = AuditRecord.objects.filter(action="application.reveal_personal_data").count()
    page = client.post(f"/staff/cases/{application.pk}/reveal/").content.decode()
    assert ID_NUMBER in page
    after = AuditRecord.objects.filter(action="application.reveal_personal_data")
    assert after.count() == before + 1
    assert after.order_by("-id").first().actor == staff["handler"]
    assert client.get(f"/staff/cases/{application.pk}/reveal/").status_code == 405


def test_a_staff_letter_download_is_recorded(life, client, staff):
    application = life()
    letter = application.letters.first()
    client.force_login(staff["handler"])
    response = client.get(f"/staff/letters/{letter.pk}.docx")
    assert response.status_code == 200
    record = AuditRecord.objects.filter(action="letter.download").order_by("-id").first()
    assert record is not None and record.object_id == str(letter.pk)
