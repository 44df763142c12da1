"""The staff workspace: login, agency switcher, dashboard, the three consoles."""

import pytest
from tests.conftest import pass_second_factor

from gongkai.audit.models import AuditRecord
from gongkai.demo import DEMO_PASSWORD

ADMINS = {"sysadmin", "secadmin", "auditadmin"}


def login(client, username, password=DEMO_PASSWORD):
    """Log in through the login page; administrators also pass the second factor."""
    from gongkai.agencies.models import User

    response = client.post("/staff/login/", {"username": username, "password": password})
    if username in ADMINS and response.status_code == 302:
        pass_second_factor(client, User.objects.get(username=username))
    return response


@pytest.mark.parametrize(
    "username",
    [
        "sysadmin",
        "secadmin",
        "auditadmin",
        "ggzy_editor",
        "ggzy_head",
        "zrzy_handler",
        "supervisor",
    ],
)
def test_demo_logins_work(client, demo, username):
    response = login(client, username)
    assert response.status_code == 302
    assert response.url == "/staff/"
    assert client.get("/staff/").status_code == 200
    assert AuditRecord.objects.filter(action="session.login", actor_label=username).exists()


def test_a_wrong_password_is_refused_and_recorded(client, demo):
    response = login(client, "ggzy_editor", "wrong-password")
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
    record = AuditRecord.objects.filter(action="session.login_failed").get()
    assert record.actor_label == "anonymous:ggzy_editor"
    assert "wrong-password" not in str(record.summary)


def test_dashboard_shows_the_agency_and_my_roles(client, demo):
    login(client, "ggzy_editor")
    page = client.get("/staff/").content.decode()
    assert "鞍山市公共资源交易中心" in page
    assert "信息员" in page


def test_agency_switcher(client, demo):
    from gongkai.agencies.models import Agency

    login(client, "shared_handler")
    bureau = Agency.objects.get(slug="anshan-zrzy")
    response = client.post("/staff/switch/", {"agency": bureau.pk})
    assert response.status_code == 302
    page = client.get("/staff/").content.decode()
    assert '<h2 id="agency-heading">鞍山市自然资源局</h2>' in page


def test_switching_to_a_foreign_agency_is_refused(client, demo):
    from gongkai.agencies.models import Agency

    login(client, "ggzy_editor")
    bureau = Agency.objects.get(slug="anshan-zrzy")
    assert client.post("/staff/switch/", {"agency": bureau.pk}).status_code == 403


def test_supervisor_sees_the_agencies_it_oversees(client, demo):
    login(client, "supervisor")
    page = client.get("/staff/").content.decode()
    for name in ("鞍山市人民政府办公室", "鞍山市公共资源交易中心", "鞍山市自然资源局"):
        assert name in page


@pytest.mark.parametrize(
    ("username", "system_console", "roles_console", "audit_console"),
    [
        ("sysadmin", 200, 403, 403),
        ("secadmin", 302, 200, 403),
        ("auditadmin", 302, 403, 200),
        ("ggzy_head", 302, 403, 403),
    ],
)
def test_each_administrator_has_only_their_console(
    client, demo, username, system_console, roles_console, audit_console
):
    login(client, username)
    assert client.get("/manage/system/").status_code == system_console
    assert client.get("/staff/manage/security/roles/").status_code == roles_console
    assert client.get("/staff/manage/audit/").status_code == audit_console


def test_system_admin_console_changes_go_through_write_functions(client, demo):
    from gongkai.agencies.models import Agency

    login(client, "sysadmin")
    agency = Agency.objects.get(slug="anshan-ggzy")
    url = f"/manage/system/agencies/agency/{agency.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["accepts_applications"] = "on"
    data["is_active"] = "on"
    data["phone"] = "0412-5555555"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = AuditRecord.objects.filter(action="agency.update").latest("id")
    assert record.summary["after"] == {"phone": "0412-5555555"}
    assert record.actor_label == "sysadmin"


def test_the_index_number_template_is_set_from_the_console(client, demo):
    from gongkai.agencies.models import Agency
    from gongkai.catalogue.models import CatalogueSettings

    login(client, "sysadmin")
    agency = Agency.objects.get(slug="anshan-ggzy")
    url = "/manage/system/catalogue/cataloguesettings/add/"
    bad = client.post(url, {"agency": agency.pk, "index_template": "{nope}"})
    assert bad.status_code == 200 and not CatalogueSettings.objects.exists()
    response = client.post(url, {"agency": agency.pk, "index_template": "GGZY-{yyyy}-{serial:04}"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CatalogueSettings.objects.get(agency=agency).index_template == "GGZY-{yyyy}-{serial:04}"
    record = AuditRecord.objects.filter(action="catalogue.settings").latest("id")
    assert record.actor_label == "sysadmin"


def test_security_admin_grants_a_role_from_the_console(client, demo):
    from gongkai.agencies.models import Agency, User

    login(client, "secadmin")
    user = User.objects.get(username="zrzy_editor")
    agency = Agency.objects.get(slug="anshan-ggzy")
    response = client.post(
        "/staff/manage/security/roles/", {"user": user.pk, "role": "reviewer", "agency": agency.pk}
    )
    assert response.status_code == 302
    assert user.grants.filter(role="reviewer", agency=agency).exists()
    response = client.post(
        "/staff/manage/security/roles/", {"user": user.pk, "role": "audit_admin", "agency": ""}
    )
    assert response.status_code == 200
    assert "三员分立" in response.content.decode()


def test_logout_is_post_and_recorded(client, demo):
    login(client, "ggzy_editor")
    response = client.post("/staff/logout/")
    assert response.status_code == 302
    assert AuditRecord.objects.filter(action="session.logout").exists()
    assert client.get("/staff/").status_code == 302
