"""Write functions for agencies, accounts and roles.

Each one checks the actor's permission, changes state and writes its audit
record in one transaction. Views, the admin, the CLI, the API, the demo loader
and tests all go through these.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency, RoleGrant, User
from gongkai.agencies.permissions import require_role
from gongkai.agencies.roles import ADMIN_ROLES, Role
from gongkai.audit.services import audit_record
from gongkai.portal.pagecache import pages_invalidate_all
from gongkai.rules.ids import is_valid_uscc

AGENCY_FIELDS = (
    "name",
    "short_name",
    "slug",
    "uscc",
    "kind",
    "level",
    "parent",
    "accepts_applications",
    "applications_note",
    "address",
    "phone",
    "office_hours",
    "is_active",
)


def _agency_summary(agency: Agency, fields: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {
        field: (str(value) if (value := getattr(agency, field)) is not None else None)
        for field in fields
    }


def _agency_validate(agency: Agency) -> None:
    agency.uscc = agency.uscc.strip().upper()
    if not is_valid_uscc(agency.uscc):
        raise ValidationError(
            {"uscc": _("This is not a valid unified social credit code (统一社会信用代码).")}
        )
    if agency.parent_id and agency.pk and agency.parent_id == agency.pk:
        raise ValidationError({"parent": _("An agency cannot supervise itself.")})
    agency.full_clean()


def agency_create(*, actor: Any, **fields: Any) -> Agency:
    """Register an agency hosted by this installation (系统管理员)."""
    require_role(actor, [Role.SYSTEM_ADMIN])
    unknown = set(fields) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    agency = Agency(**fields)
    _agency_validate(agency)
    with transaction.atomic():
        agency.save()
        audit_record(
            actor=actor,
            action="agency.create",
            obj=agency,
            agency=agency,
            after=_agency_summary(agency, list(fields)),
        )
        pages_invalidate_all()
    return agency


def agency_update(*, actor: Any, agency: Agency, **changes: Any) -> Agency:
    """Change an agency's profile (系统管理员); records the fields before and after."""
    require_role(actor, [Role.SYSTEM_ADMIN])
    unknown = set(changes) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    fields = sorted(changes)
    before = _agency_summary(agency, fields)
    for field, value in changes.items():
        setattr(agency, field, value)
    _agency_validate(agency)
    with transaction.atomic():
        agency.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="agency.update",
            obj=agency,
            agency=agency,
            before=before,
            after=_agency_summary(agency, fields),
        )
        pages_invalidate_all()
    return agency


def account_create(
    *, actor: Any, username: str, password: str, display_name: str = "", email: str = ""
) -> User:
    """Create a staff account (系统管理员, 用户身份). It holds no role until granted one."""
    require_role(actor, [Role.SYSTEM_ADMIN])
    user = User(username=username.strip(), display_name=display_name, email=email)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        audit_record(
            actor=actor,
            action="account.create",
            obj=user,
            after={"username": user.username, "display_name": display_name},
        )
    return user


def account_set_active(*, actor: Any, user: User, active: bool) -> User:
    """Disable or re-enable a staff account (系统管理员)."""
    require_role(actor, [Role.SYSTEM_ADMIN])
    if user.pk == getattr(actor, "pk", None) and not active:
        raise PermissionDenied(_("You cannot disable your own account."))
    before = {"is_active": user.is_active}
    user.is_active = active
    with transaction.atomic():
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="account.enable" if active else "account.disable",
            obj=user,
            before=before,
            after={"is_active": active},
        )
    return user


def _grant_validate(*, actor: Any, user: User, role: str, agency: Agency | None) -> None:
    if user.pk == getattr(actor, "pk", None):
        raise PermissionDenied(_("No one may grant or revoke their own roles."))
    if role in ADMIN_ROLES:
        if agency is not None:
            raise ValidationError(_("Administrator roles apply to the whole installation."))
        if user.grants.exists():
            raise ValidationError(
                _(
                    "An administrator account holds no other role: the three administrator"
                    " roles are separated (三员分立) and administrators see no business data."
                )
            )
    else:
        if agency is None:
            raise ValidationError(_("This role is held in an agency; choose the agency."))
        if user.grants.admin().exists():
            raise ValidationError(
                _("This account is an administrator account and cannot hold business roles.")
            )


def role_grant(*, actor: Any, user: User, role: str, agency: Agency | None = None) -> RoleGrant:
    """Give an account a role (安全管理员, 对主体进行授权)."""
    require_role(actor, [Role.SECURITY_ADMIN])
    role = Role(role)
    _grant_validate(actor=actor, user=user, role=role, agency=agency)
    if RoleGrant.objects.filter(user=user, role=role, agency=agency).exists():
        raise ValidationError(_("The account already holds this role."))
    with transaction.atomic():
        grant = RoleGrant.objects.create(
            user=user,
            role=role,
            agency=agency,
            granted_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            action="role.grant",
            obj=user,
            agency=agency,
            after={"role": role.value, "agency": agency.name if agency else None},
        )
    return grant


def role_revoke(*, actor: Any, grant: RoleGrant) -> None:
    """Take a role away (安全管理员). The audit log keeps the history."""
    require_role(actor, [Role.SECURITY_ADMIN])
    if grant.user_id == getattr(actor, "pk", None):
        raise PermissionDenied(_("No one may grant or revoke their own roles."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="role.revoke",
            obj=grant.user,
            agency=grant.agency,
            before={"role": grant.role, "agency": grant.agency.name if grant.agency else None},
        )
        grant.delete()


def session_record(*, user: User | None, username: str, success: bool) -> None:
    """Record a staff login or a failed attempt (never the password)."""
    with transaction.atomic():
        audit_record(
            actor=user if success and user is not None else f"anonymous:{username[:60]}",
            action="session.login" if success else "session.login_failed",
            obj=user if success else None,
        )


def session_logout(*, user: User) -> None:
    with transaction.atomic():
        audit_record(actor=user, action="session.logout", obj=user)
