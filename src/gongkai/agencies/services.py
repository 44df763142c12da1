"""Write functions for agencies, accounts and roles.

Each one checks the actor's permission, changes state and writes its audit
record in one transaction. Views, the admin, the CLI, the API, the demo loader
and tests all go through these.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies import security
from gongkai.agencies.models import (
    Agency,
    LoginThrottle,
    PasswordHistory,
    RecoveryCode,
    RoleGrant,
    TotpDevice,
    User,
)
from gongkai.agencies.permissions import SYSTEM, require_role
from gongkai.agencies.roles import ADMIN_ROLES, Role
from gongkai.audit.services import audit_record
from gongkai.portal.pagecache import pages_invalidate_all
from gongkai.rules.ids import is_valid_uscc

account_key, address_key = security.account_key, security.address_key
RECOVERY_CODES = 10

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


def _throttle_fail(key: str, limit: int, now) -> bool:
    """Count one failure against ``key``; True when this failure locks it."""
    row, _created = LoginThrottle.objects.select_for_update().get_or_create(key=key)
    window = dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    lock_over = row.locked_until and row.locked_until <= now
    if lock_over or (row.last_failure_at and now - row.last_failure_at > window):
        row.failures = 0  # the lock has run out, or the last failure is old: count afresh
    row.failures += 1
    row.last_failure_at = now
    locks = row.failures >= limit and not (row.locked_until and row.locked_until > now)
    if locks:
        row.locked_until = now + window
    row.save()
    return locks


def _login_failed(*, username: str, address: str, now) -> None:
    """Count a failure for the name and the address; audit any lockout (SEC-05)."""
    limits = [(account_key(username), settings.LOGIN_FAILURE_LIMIT)]
    if address:
        limits.append((address_key(address), settings.LOGIN_ADDRESS_FAILURE_LIMIT))
    for key, limit in limits:
        if _throttle_fail(key, limit, now):
            audit_record(
                actor=f"anonymous:{username[:60]}",
                action="session.lockout",
                after={
                    "scope": key.split(":")[0],
                    "failures": limit,
                    "minutes": settings.LOGIN_LOCKOUT_MINUTES,
                },
            )


def session_record(
    *,
    user: User | None,
    username: str,
    success: bool,
    address: str = "",
    locked: bool = False,
) -> None:
    """Record a staff login, a failed attempt or one refused by a lockout (never the
    password). A success clears the name's failure count, so only consecutive
    failures lock (SEC-05); a failure counts against the name and the address."""
    now = timezone.now()
    with transaction.atomic():
        if success and user is not None:
            LoginThrottle.objects.filter(key=account_key(username)).delete()
            action = "session.login"
        elif locked:
            action = "session.login_locked"
        else:
            _login_failed(username=username, address=address, now=now)
            action = "session.login_failed"
        audit_record(
            actor=user if success and user is not None else f"anonymous:{username[:60]}",
            action=action,
            obj=user if success else None,
        )


def login_unlock(*, actor: Any, username: str) -> bool:
    """End a lockout of an account name early (安全管理员, SEC-05). False if none."""
    require_role(actor, [Role.SECURITY_ADMIN])
    with transaction.atomic():
        rows = LoginThrottle.objects.filter(
            key=account_key(username), locked_until__gt=timezone.now()
        )
        unlocked = rows.delete()[0] > 0
        if unlocked:
            audit_record(
                actor=actor,
                action="session.unlock",
                obj=User.objects.filter(username=username).first(),
                after={"username": username[:60]},
            )
    return unlocked


def password_change(*, actor: Any, user: User, old_password: str, new_password: str) -> User:
    """Change one's own password (SEC-03/04): the old one is kept hashed in the
    history so the next changes cannot go back to it."""
    if getattr(actor, "pk", None) != user.pk:
        raise PermissionDenied(_("Only the account holder changes the password."))
    if not user.check_password(old_password):
        raise ValidationError({"old_password": _("The current password is not correct.")})
    validate_password(new_password, user)
    with transaction.atomic():
        PasswordHistory.objects.create(user=user, password=user.password)
        keep = max(settings.PASSWORD_HISTORY, 0)
        stale = user.password_history.values_list("pk", flat=True)[keep:]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()
        user.set_password(new_password)
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "password_changed_at"])
        audit_record(actor=actor, action="account.password_change", obj=user)
    return user


def totp_enrol_start(*, actor: Any, user: User, secret: str = "") -> TotpDevice:
    """Start enrolling an authenticator: a new secret, unconfirmed (SEC-09).

    The installation itself (the demo loader) may pass a known ``secret``; the
    device is then enrolled at once.
    """
    if secret and actor is not SYSTEM:
        raise PermissionDenied(_("Only the installation enrols a known key."))
    if getattr(actor, "pk", None) != user.pk and actor is not SYSTEM:
        raise PermissionDenied(_("Only the account holder enrols an authenticator."))
    if security.confirmed_device(user) is not None:
        raise ValidationError(_("An authenticator is already enrolled."))
    with transaction.atomic():
        TotpDevice.objects.filter(user=user).delete()
        device = TotpDevice.objects.create(
            user=user, secret=secret or security.totp_new_secret(), confirmed=bool(secret)
        )
        audit_record(actor=actor, action="otp.enrol" if secret else "otp.enrol_start", obj=user)
    return device


def totp_enrol_confirm(*, actor: Any, user: User, code: str) -> list[str]:
    """Confirm enrolment with a first code; returns fresh one-time recovery codes."""
    if getattr(actor, "pk", None) != user.pk and actor is not SYSTEM:
        raise PermissionDenied(_("Only the account holder enrols an authenticator."))
    device = TotpDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        raise ValidationError(_("Start the enrolment again."))
    step = security.totp_match(device.secret, code, after_step=device.last_step)
    if not step:
        raise ValidationError(_("The code is not correct. Check the time on your phone."))
    codes = [security.recovery_code_new() for _ in range(RECOVERY_CODES)]
    with transaction.atomic():
        device.confirmed, device.last_step = True, step
        device.save(update_fields=["confirmed", "last_step"])
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=security.recovery_code_hash(c)) for c in codes
        )
        audit_record(actor=actor, action="otp.enrol", obj=user)
    return codes


def totp_verify(*, user: User, code: str, address: str = "") -> bool:
    """Check the second factor at login: a TOTP code (once only) or a recovery code.
    A wrong code counts as a failed login for the account (SEC-05)."""
    device = security.confirmed_device(user)
    now = timezone.now()
    with transaction.atomic():
        step = (
            security.totp_match(device.secret, code, after_step=device.last_step) if device else 0
        )
        if step:
            TotpDevice.objects.filter(pk=device.pk).update(last_step=step)
            audit_record(actor=user, action="otp.verify", obj=user)
            return True
        recovery = RecoveryCode.objects.filter(
            user=user, used_at__isnull=True, code_hash=security.recovery_code_hash(code)
        ).first()
        if recovery is not None:
            recovery.used_at = now
            recovery.save(update_fields=["used_at"])
            audit_record(actor=user, action="otp.recovery_code", obj=user)
            return True
        _login_failed(username=user.username, address=address, now=now)
        audit_record(actor=user, action="otp.verify_failed", obj=user)
    return False


def totp_reset(*, actor: Any, user: User) -> None:
    """Remove an account's authenticator and recovery codes (安全管理员), e.g. after a
    lost phone; an administrator must then enrol again at the next login."""
    require_role(actor, [Role.SECURITY_ADMIN])
    if user.pk == getattr(actor, "pk", None):
        raise PermissionDenied(_("No one may reset their own second factor."))
    with transaction.atomic():
        TotpDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        audit_record(actor=actor, action="otp.reset", obj=user)


def session_logout(*, user: User) -> None:
    with transaction.atomic():
        audit_record(actor=user, action="session.logout", obj=user)
