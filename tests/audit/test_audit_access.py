"""Only the 审计管理员 reads the audit log (spec security.md SEC-40, 8.1.5.3)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from tests.conftest import admin_login

from gongkai.audit.models import AuditRecord
from gongkai.audit.services import audit_log_read

URL = "/staff/manage/audit/"


@pytest.mark.parametrize("fixture", ["system_admin", "security_admin"])
def test_other_administrators_are_refused_the_log(client, request, fixture):
    user = request.getfixturevalue(fixture)
    admin_login(client, user)
    assert client.get(URL).status_code == 403
    with pytest.raises(PermissionDenied):
        audit_log_read(actor=user)
    assert not AuditRecord.objects.filter(action="audit.read").exists()


def test_staff_and_anonymous_are_refused(client, staff):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(staff["head"])
    assert client.get(URL).status_code == 403


def test_the_audit_admin_reads_and_the_reading_is_recorded(client, audit_admin):
    admin_login(client, audit_admin)
    response = client.get(URL, {"action": "account"})
    assert response.status_code == 200
    record = AuditRecord.objects.filter(action="audit.read").get()
    assert record.actor == audit_admin
    assert record.summary == {"after": {"filter": "account"}}


def test_the_json_api_offers_no_way_into_the_log(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert not [path for path in schema["paths"] if "audit" in path]
