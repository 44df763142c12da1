"""Shared fixtures. State is set up through the write functions, never raw saves.

Imports of Django code happen inside the fixtures, so the rules tests also run
without the Django plugin (`pytest -p no:django tests/rules`).
"""

from __future__ import annotations

import pytest

PASSWORD = "Correct-horse-battery-9"


@pytest.fixture
def demo(db):
    """The full demo data set, loaded the way `gongkai demo` loads it."""
    from gongkai.demo import demo_load

    return demo_load()


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
def _fast_password_hashing(request):
    """Real hashing costs ~0.3 s a password; the tests check logic, not key stretching."""
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
