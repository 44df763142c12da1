"""Key rotation (SM4 or AES-GCM) and the data subject's export and erasure."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings

from gongkai import crypto
from gongkai.agencies.permissions import SYSTEM
from gongkai.applications.models import Application
from gongkai.applications.selectors import earlier_applications
from gongkai.audit.models import AuditRecord
from gongkai.cli import main
from gongkai.privacy.services import (
    ANONYMISED,
    field_keys_rotate,
    subject_erase,
    subject_export,
)
from tests.conftest import admin_login
from tests.privacy.conftest import ADDRESS, ID_NUMBER, NAME, PHONE

D = dt.date
NEW_KEY = "k9:" + base64.b64encode(bytes(range(32))).decode()


def _raw(column: str, table: str = "applications_application") -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY id")
        return [row[0] for row in cursor.fetchall() if row[0]]


def test_sm4_values_round_trip_and_are_bound_to_their_column():
    with override_settings(GONGKAI_FIELD_CIPHER="sm4-gcm"):
        sealed = crypto.encrypt("13987650123", context="a.b")
        assert sealed.startswith("gk2:")
        assert crypto.decrypt(sealed, context="a.b") == "13987650123"
        with pytest.raises(Exception):  # noqa: B017, PT011 - the GCM tag check
            crypto.decrypt(sealed, context="a.c")
        prefix, key_id, payload = sealed.split(":", 2)
        raw = bytearray(base64.b64decode(payload))
        raw[14] ^= 1
        with pytest.raises(Exception):  # noqa: B017, PT011
            crypto.decrypt(f"{prefix}:{key_id}:{base64.b64encode(raw).decode()}", context="a.b")


def test_an_unknown_cipher_setting_is_refused():
    with override_settings(GONGKAI_FIELD_CIPHER="des"), pytest.raises(ValueError, match="CIPHER"):
        crypto.encrypt("x", context="a.b")


def test_rotation_moves_every_value_to_the_new_key_and_cipher(life, settings):
    first = life()
    second = life()
    old_prefix = crypto.current_prefix()
    settings.GONGKAI_FIELD_KEYS = f"{NEW_KEY},{settings.GONGKAI_FIELD_KEYS}"
    settings.GONGKAI_FIELD_CIPHER = "sm4-gcm"
    assert all(v.startswith(old_prefix) for v in _raw("id_number"))
    done = field_keys_rotate(actor=SYSTEM, batch_size=1)
    assert done["applications.application"] == 2
    assert done["applications.letter"] == first.letters.count() + second.letters.count()
    for column, table in (
        ("id_number", "applications_application"),
        ("body", "applications_letter"),
    ):
        assert all(v.startswith("gk2:k9:") for v in _raw(column, table))
    assert Application.objects.get(pk=first.pk).id_number == ID_NUMBER
    assert [a.pk for a in earlier_applications(Application.objects.get(pk=second.pk))] == [first.pk]
    assert AuditRecord.objects.filter(action="crypto.rotate").count() >= 2
    assert field_keys_rotate(actor=SYSTEM)["applications.application"] == 0  # resumable: done


def test_rotation_resumes_after_an_interruption(life, settings, monkeypatch):
    from gongkai.privacy import services

    for _ in range(3):
        life()
    settings.GONGKAI_FIELD_KEYS = f"{NEW_KEY},{settings.GONGKAI_FIELD_KEYS}"
    calls = {"n": 0}
    real = services._digests

    def crash_on_second(model, values):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(model, values)

    monkeypatch.setattr(services, "_digests", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        field_keys_rotate(actor=SYSTEM, batch_size=1)
    assert sum(v.startswith("gk1:k9:") for v in _raw("id_number")) == 1  # first batch committed
    monkeypatch.setattr(services, "_digests", real)
    assert field_keys_rotate(actor=SYSTEM, batch_size=1)["applications.application"] == 2
    assert all(v.startswith("gk1:k9:") for v in _raw("id_number"))


def test_rotation_is_for_the_security_admin(db, system_admin, audit_admin):
    for actor in (system_admin, audit_admin):
        with pytest.raises(PermissionDenied):
            field_keys_rotate(actor=actor)


def test_the_cli_rotates(life, settings, capsys):
    life()
    settings.GONGKAI_FIELD_KEYS = f"{NEW_KEY},{settings.GONGKAI_FIELD_KEYS}"
    assert main(["keys", "rotate"]) == 0
    assert "applications.application: 1" in capsys.readouterr().out


def test_the_subject_gets_everything_held_and_the_export_is_recorded(life, agency, staff):
    application = life()
    data = subject_export(actor=staff["handler"], agency=agency, name=NAME, id_number=ID_NUMBER)
    (case,) = data["applications"]
    assert (case["id_number"], case["phone"], case["address"]) == (ID_NUMBER, PHONE, ADDRESS)
    assert case["letters"] and NAME in case["letters"][0]["body"]
    assert case["events"]
    record = AuditRecord.objects.filter(action="subject.export").get()
    assert record.summary == {"after": {"cases": [application.receipt_number]}}
    assert ID_NUMBER not in json.dumps(record.summary)
    assert (
        subject_export(actor=staff["handler"], agency=agency, name="别人", id_number=ID_NUMBER)[
            "applications"
        ]
        == []
    )


def test_erasure_is_refused_with_the_reason_while_the_case_file_is_kept(life, agency, staff):
    application = life()
    closed = application.closed_on
    with pytest.raises(ValidationError) as refused:
        subject_erase(
            actor=staff["handler"],
            agency=agency,
            name=NAME,
            id_number=ID_NUMBER,
            today=closed + dt.timedelta(days=365),
        )
    message = " ".join(refused.value.messages)
    assert application.receipt_number in message
    assert str(closed.replace(year=closed.year + 10)) in message
    assert Application.objects.get(pk=application.pk).applicant_name == NAME


def test_an_open_case_is_never_erased(agency, staff, person):
    from gongkai.applications import services as apps

    apps.application_register(
        actor=staff["handler"],
        agency=agency,
        data=person(applicant_name=NAME, id_number=ID_NUMBER),
        channel="in-person",
        arrived_on=D(2019, 9, 2),
        today=D(2019, 9, 2),
    )
    with pytest.raises(ValidationError, match=r"open|尚未办结"):
        subject_erase(
            actor=staff["handler"],
            agency=agency,
            name=NAME,
            id_number=ID_NUMBER,
            today=D(2040, 1, 1),
        )


def test_after_retention_the_case_is_kept_but_anonymised(life, agency, staff, settings):
    settings.GONGKAI_CASE_RETENTION_YEARS = 10
    application = life()
    after = application.closed_on.replace(year=application.closed_on.year + 10)
    count = subject_erase(
        actor=staff["handler"], agency=agency, name=NAME, id_number=ID_NUMBER, today=after
    )
    assert count == 1
    kept = Application.objects.get(pk=application.pk)
    assert (kept.applicant_name, kept.id_number, kept.phone, kept.address) == (
        ANONYMISED,
        "",
        "",
        "",
    )
    assert kept.receipt_number == application.receipt_number and kept.outcome == application.outcome
    assert all(
        NAME not in letter.body and ADDRESS not in letter.body for letter in kept.letters.all()
    )
    assert AuditRecord.objects.filter(action="subject.erase").exists()
    again = subject_export(actor=staff["handler"], agency=agency, name=NAME, id_number=ID_NUMBER)
    assert again["applications"] == []


def test_the_cli_erase_refuses_with_exit_1(life, agency, capsys):
    life()
    code = main(
        ["subject", "erase", "--agency", agency.slug, "--name", NAME, "--id-number", ID_NUMBER]
    )
    assert code == 1
    assert "2019" in capsys.readouterr().err


URL = "/staff/personal-data/"


def test_staff_export_needs_the_identity_check_and_gives_a_file(life, client, staff):
    life()
    client.force_login(staff["handler"])
    who = {"name": NAME, "id_number": ID_NUMBER, "do": "export"}
    unticked = client.post(URL, who)
    assert unticked.status_code == 200 and "attachment" not in unticked.get(
        "Content-Disposition", ""
    )
    response = client.post(URL, {**who, "verified": "on"})
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content)["applications"][0]["id_number"] == ID_NUMBER
    assert AuditRecord.objects.filter(action="subject.export", actor=staff["handler"]).exists()


def test_staff_erase_shows_the_refusal_reason(life, client, staff):
    application = life()
    client.force_login(staff["handler"])
    who = {"name": NAME, "id_number": ID_NUMBER, "verified": "on", "do": "erase"}
    page = client.post(URL, who, follow=True).content.decode()
    assert application.receipt_number in page
    assert Application.objects.get(pk=application.pk).applicant_name == NAME


def test_the_page_is_refused_to_administrators(client, system_admin, audit_admin):
    for user in (system_admin, audit_admin):
        admin_login(client, user)  # with the second factor: refused by role, not by the factor
        assert client.get(URL).status_code == 403
