"""Shared fixtures. State is set up through the write functions, never raw saves.

Imports of Django code happen inside the fixtures, so the rules tests also run
without the Django plugin (`pytest -p no:django tests/rules`).
"""

from __future__ import annotations

import pytest

PASSWORD = "Correct-horse-battery-9"


@pytest.fixture
def demo(db):
    """The demo agencies, accounts and columns, loaded the way `gongkai demo` loads them
    (without the busy agency's years of applications; tests/demo covers those)."""
    from gongkai.demo import demo_load

    return demo_load(applications=False)


@pytest.fixture
def agency(db):
    from gongkai.agencies.models import AgencyKind, AgencyLevel
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.agencies.services import agency_create
    from gongkai.demo.loader import demo_uscc

    return agency_create(
        actor=SYSTEM,
        name="测试市某局",
        slug="test-bureau",
        uscc=demo_uscc("11", 900),
        kind=AgencyKind.DEPARTMENT,
        level=AgencyLevel.CITY,
    )


@pytest.fixture
def make_user(db):
    """make_user("name", Role.HANDLER, agency) -> an account holding that role."""
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.agencies.services import account_create, role_grant

    def make(username: str, role: str | None = None, agency=None):
        user = account_create(actor=SYSTEM, username=username, password=PASSWORD)
        if role is not None:
            role_grant(actor=SYSTEM, user=user, role=role, agency=agency)
        return user

    return make


def totp_code(secret: str, after_step: int = 0) -> str:
    """The code an authenticator app shows now, or the next step's when the current
    one was used already (a code works only once)."""
    import time

    import pyotp

    step = max(int(time.time() // 30), after_step + 1)
    return pyotp.TOTP(secret).generate_otp(step)


def pass_second_factor(client, user) -> None:
    """Complete the second factor through the real pages, as a person would: enrol
    an authenticator if the account has none, else enter its current code.
    For administrator accounts, whom the workspace refuses without it."""
    from gongkai.agencies.models import TotpDevice

    device = TotpDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        client.get("/staff/otp/enrol/")
        device = TotpDevice.objects.get(user=user)
        response = client.post("/staff/otp/enrol/", {"code": totp_code(device.secret)})
    else:
        code = totp_code(device.secret, device.last_step)
        response = client.post("/staff/otp/", {"code": code})
    assert response.status_code in (200, 302), response.content.decode()[:500]
    assert client.session.get("gk_otp") is True


def admin_login(client, user) -> None:
    """force_login, then the second factor: an administrator ready to work."""
    client.force_login(user)
    pass_second_factor(client, user)


@pytest.fixture
def system_admin(make_user):
    return make_user("sys", "system_admin")


@pytest.fixture
def security_admin(make_user):
    return make_user("sec", "security_admin")


@pytest.fixture
def audit_admin(make_user):
    return make_user("aud", "audit_admin")


@pytest.fixture(autouse=True)
def _test_settings(request, tmp_path_factory):
    """Fast password hashing (real hashing costs ~0.3 s a password; the tests check
    logic, not key stretching); uploads, search index and page cache in temporary folders."""
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    settings.GONGKAI_SEARCH_DIR = tmp_path_factory.mktemp("search")
    settings.GONGKAI_PAGE_CACHE_DIR = tmp_path_factory.mktemp("pagecache")


def resident_id(first17: str = "21030219800101123") -> str:
    """A well-formed 居民身份证号码 (check character computed by the rules module)."""
    from gongkai.rules.ids import resident_id_check_char

    return first17 + resident_id_check_char(first17)


@pytest.fixture
def person():
    """person(**overrides) -> ApplicantData of a natural person applying online."""
    from gongkai.applications.intake import ApplicantData

    def make(**overrides):
        values = dict(
            applicant_type="natural_person",
            applicant_name="张三",
            id_type="resident_id",
            id_number=resident_id(),
            information_sought="2019年本中心政府集中采购项目的成交结果",
            provision_form="electronic",
            delivery="email",
            email="zhangsan@example.cn",
            phone="13912345678",
        )
        values.update(overrides)
        return ApplicantData(**values)

    return make


@pytest.fixture
def staff(agency, make_user):
    return {
        "handler": make_user("handler1", "handler", agency),
        "head": make_user("head1", "head", agency),
        "editor": make_user("editor1", "editor", agency),
    }


@pytest.fixture
def upward(agency, make_user):
    """The agency under a city government office whose site takes submissions (信息报送).

    Returns a namespace: supervisor (the agency), column (部门动态, takes
    submissions), closed (a column that does not), site_editor (EDITOR there),
    overseer (SUPERVISOR there), submitter (EDITOR of ``agency``).
    """
    from types import SimpleNamespace

    from gongkai.agencies.models import AgencyKind, AgencyLevel
    from gongkai.agencies.permissions import SYSTEM
    from gongkai.agencies.services import agency_create
    from gongkai.catalogue.services import column_create
    from gongkai.demo.loader import demo_uscc

    office = agency_create(
        actor=SYSTEM,
        name="测试市人民政府办公室",
        slug="test-office",
        uscc=demo_uscc("11", 899),
        kind=AgencyKind.DEPARTMENT,
        level=AgencyLevel.CITY,
    )
    agency.parent = office
    agency.save(update_fields=["parent"])

    def column(slug, name, accepts):
        return column_create(
            actor=SYSTEM,
            agency=office,
            name=name,
            slug=slug,
            category="news",
            accepts_submissions=accepts,
        )

    return SimpleNamespace(
        supervisor=office,
        agency=agency,
        column=column("dept-news", "部门动态", True),
        closed=column("news", "政务动态", False),
        site_editor=make_user("site-editor", "editor", office),
        overseer=make_user("overseer", "supervisor", office),
        submitter=make_user("submitter", "editor", agency),
    )


@pytest.fixture(scope="session", autouse=True)
def _no_session_left_on_the_test_database(django_db_setup, django_db_blocker):
    """On PostgreSQL, end the sessions other threads of this run left open on the
    test database before it is dropped, and name them.

    The live server answers each browser connection in a thread of its own, and
    such a thread keeps its database session until the browser lets the
    connection go; a session left open makes ``DROP DATABASE`` fail after every
    test has passed. Browser contexts are closed after each test
    (tests/browser/conftest.py); this is the last guard, and it only ends
    sessions on this run's own test database. It depends on ``django_db_setup``
    so that it ends before the database is dropped.
    """
    yield
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        return
    name = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        connections.close_all()
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid), left(query, 60) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            for _ended, query in cursor.fetchall():
                print(f"\nended a session left open on {name}: {query}")
