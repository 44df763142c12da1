"""Shared fixtures. State is set up through the write functions, never raw saves."""

from __future__ import annotations

import pytest

from gongkai.agencies.models import Agency, AgencyKind, AgencyLevel, User
from gongkai.agencies.permissions import SYSTEM
from gongkai.agencies.roles import Role
from gongkai.agencies.services import account_create, agency_create, role_grant
from gongkai.demo.loader import demo_uscc

PASSWORD = "Correct-horse-battery-9"


@pytest.fixture
def demo(db):
    """The full demo data set, loaded the way `gongkai demo` loads it."""
    from gongkai.demo import demo_load

    return demo_load()


@pytest.fixture
def agency(db) -> Agency:
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

    def make(username: str, role: str | None = None, agency: Agency | None = None) -> User:
        user = account_create(actor=SYSTEM, username=username, password=PASSWORD)
        if role is not None:
            role_grant(actor=SYSTEM, user=user, role=role, agency=agency)
        return user

    return make


@pytest.fixture
def system_admin(make_user) -> User:
    return make_user("sys", Role.SYSTEM_ADMIN)


@pytest.fixture
def security_admin(make_user) -> User:
    return make_user("sec", Role.SECURITY_ADMIN)


@pytest.fixture
def audit_admin(make_user) -> User:
    return make_user("aud", Role.AUDIT_ADMIN)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a password; the tests check logic, not key stretching."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
