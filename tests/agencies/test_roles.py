"""Roles: 三员分立 and permission checks inside the write functions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.agencies import services
from gongkai.agencies.models import RoleGrant
from gongkai.agencies.roles import ADMIN_ROLES, Role

ADMIN_PAIRS = [(a, b) for a in sorted(ADMIN_ROLES) for b in sorted(ADMIN_ROLES) if a != b]


@pytest.mark.parametrize(("first", "second"), ADMIN_PAIRS)
def test_an_account_cannot_hold_two_administrator_roles(make_user, security_admin, first, second):
    user = make_user("admin-candidate", first)
    with pytest.raises(ValidationError, match="三员分立"):
        services.role_grant(actor=security_admin, user=user, role=second)
    assert list(user.grants.values_list("role", flat=True)) == [first]


@pytest.mark.parametrize(("first", "second"), ADMIN_PAIRS)
def test_the_database_refuses_two_administrator_roles(make_user, first, second):
    """Even a raw insert that skips the write function cannot break the rule."""
    user = make_user("raw", first)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=user, role=second)


def test_administrators_hold_no_business_role(make_user, security_admin, agency):
    admin = make_user("sysadmin2", Role.SYSTEM_ADMIN)
    with pytest.raises(ValidationError):
        services.role_grant(actor=security_admin, user=admin, role=Role.HANDLER, agency=agency)
    handler = make_user("handler", Role.HANDLER, agency)
    with pytest.raises(ValidationError):
        services.role_grant(actor=security_admin, user=handler, role=Role.AUDIT_ADMIN)


def test_no_one_grants_themselves_a_role(security_admin, agency):
    with pytest.raises(PermissionDenied):
        services.role_grant(
            actor=security_admin, user=security_admin, role=Role.EDITOR, agency=agency
        )


def test_no_one_revokes_their_own_role(security_admin):
    own = security_admin.grants.get()
    with pytest.raises(PermissionDenied):
        services.role_revoke(actor=security_admin, grant=own)


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN, Role.HEAD])
def test_only_the_security_administrator_grants_roles(make_user, agency, role):
    """SEC-40: 授权 belongs to the 安全管理员 alone."""
    actor = make_user("actor", role, None if role in ADMIN_ROLES else agency)
    target = make_user("target")
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=actor, user=target, role=Role.EDITOR, agency=agency)


def test_only_the_system_administrator_creates_accounts(security_admin, system_admin):
    with pytest.raises(PermissionDenied):
        services.account_create(actor=security_admin, username="x", password="Long-enough-pw-1")
    user = services.account_create(actor=system_admin, username="x", password="Long-enough-pw-1")
    assert user.check_password("Long-enough-pw-1")
    assert not user.grants.exists(), "a new account holds no role until granted one"


def test_agency_roles_need_an_agency_and_admin_roles_none(make_user, security_admin, agency):
    user = make_user("someone")
    with pytest.raises(ValidationError):
        services.role_grant(actor=security_admin, user=user, role=Role.EDITOR)
    with pytest.raises(ValidationError):
        services.role_grant(actor=security_admin, user=user, role=Role.AUDIT_ADMIN, agency=agency)


def test_weak_password_is_refused(system_admin):
    with pytest.raises(ValidationError):
        services.account_create(actor=system_admin, username="weak", password="12345678")


def test_invalid_credit_code_is_refused(system_admin):
    with pytest.raises(ValidationError) as error:
        services.agency_create(
            actor=system_admin,
            name="错码单位",
            slug="bad",
            uscc="91350100M000100Y44",
            kind="department",
            level="city",
        )
    assert "uscc" in error.value.message_dict


def test_a_business_role_cannot_configure_agencies(make_user, agency):
    head = make_user("head", Role.HEAD, agency)
    with pytest.raises(PermissionDenied):
        services.agency_update(actor=head, agency=agency, phone="0412-0000000")


def test_disabled_account_loses_its_powers(make_user, system_admin, security_admin, agency):
    user = make_user("leaver", Role.SYSTEM_ADMIN)
    services.account_set_active(actor=system_admin, user=user, active=False)
    with pytest.raises(PermissionDenied):
        services.agency_update(actor=user, agency=agency, phone="1")
