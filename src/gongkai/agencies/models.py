"""Agencies (机构), the people who work for them, and the roles they hold.

One installation hosts many agencies (政府网站集约化). Each agency may have a
supervising parent (e.g. a city 政务公开办 over its departments).
State changes go through :mod:`gongkai.agencies.services`, never ``save()``.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.roles import ADMIN_ROLES, Role
from gongkai.crypto import EncryptedTextField


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", _("People's government (人民政府)")
    DEPARTMENT = "department", _("Government department (政府部门)")
    INSTITUTION = "institution", _("Public institution (事业单位)")
    AUTHORISED = "authorised", _("Authorised organisation (法律法规授权组织)")
    TOWNSHIP = "township", _("Township or street office (乡镇/街道)")


class AgencyLevel(models.TextChoices):
    PROVINCE = "province", _("Province (省级)")
    CITY = "city", _("City with districts (设区的市)")
    COUNTY = "county", _("County or district (县级)")
    TOWNSHIP = "township", _("Township (乡级)")


class AgencyQuerySet(models.QuerySet):
    def active(self) -> AgencyQuerySet:
        return self.filter(is_active=True)


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("web address name"), max_length=40, unique=True)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=AgencyLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("supervising agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Spec disclosure.md §2.1: some 事业单位 do not take applications (Art. 27).
    accepts_applications = models.BooleanField(_("accepts disclosure applications"), default=True)
    applications_note = models.TextField(_("why applications are not accepted"), blank=True)
    address = models.CharField(_("office address"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def descendants(self) -> list[Agency]:
        """Every agency supervised by this one, directly or not (breadth first)."""
        found: list[Agency] = []
        frontier = [self.pk]
        while frontier:
            children = list(Agency.objects.filter(parent_id__in=frontier))
            found.extend(children)
            frontier = [child.pk for child in children]
        return found

    def ancestors(self) -> list[Agency]:
        """The agencies above this one, nearest first (a cycle is cut where it closes)."""
        found: list[Agency] = []
        seen, current = {self.pk}, self.parent
        while current is not None and current.pk not in seen:
            found.append(current)
            seen.add(current.pk)
            current = current.parent
        return found


class User(AbstractUser):
    """A staff account. Members of the public need no account (later issues)."""

    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    # 定期更换 (SEC-04): the age of the password is measured from here.
    password_changed_at = models.DateTimeField(_("password changed"), default=timezone.now)

    class Meta:
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleGrantQuerySet(models.QuerySet):
    def admin(self) -> RoleGrantQuerySet:
        return self.filter(role__in=ADMIN_ROLES)

    def for_agency(self, agency: Agency) -> RoleGrantQuerySet:
        return self.filter(agency=agency)


class RoleGrant(models.Model):
    """One role held by one account, in one agency (or installation-wide for admins)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="grants"
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["user_id", "role"]
        constraints = [
            # 等保 2.0 三员分立: at most one administrator role per account.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role__in=sorted(ADMIN_ROLES)),
                name="one_admin_role_per_account",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency"], name="one_grant_per_role_and_agency"
            ),
            # Administrator roles are installation-wide; every other role is per agency.
            models.CheckConstraint(
                condition=(Q(role__in=sorted(ADMIN_ROLES)) & Q(agency__isnull=True))
                | (~Q(role__in=sorted(ADMIN_ROLES)) & Q(agency__isnull=False)),
                name="admin_roles_installation_wide",
            ),
        ]

    def __str__(self) -> str:
        where = f" @ {self.agency}" if self.agency_id else ""
        return f"{self.user} · {self.get_role_display()}{where}"


class Sequence(models.Model):
    """A per-agency counter (receipt numbers, 索引号 serials), never reused."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=60)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="one_sequence_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}:{self.name}={self.value}"


class PasswordHistory(models.Model):
    """Hashes of an account's earlier passwords, so none of the last N is reused (SEC-03)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"password-history:{self.user_id}"


class LoginThrottle(models.Model):
    """Consecutive failed logins for one account name or one client address (SEC-05).

    ``key`` is ``user:<folded name>`` or ``addr:<keyed hash>`` (addresses are
    personal data, never stored in the clear). A row exists whether or not the
    account does, so a lockout says nothing about which names are real.
    """

    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


class TotpDevice(models.Model):
    """An account's authenticator app (RFC 6238 TOTP), the second factor (SEC-09)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp")
    secret = EncryptedTextField(_("secret"))
    confirmed = models.BooleanField(default=False)
    # The last time step accepted: a code is good once (no replay in its window).
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"totp:{self.user_id}"


class RecoveryCode(models.Model):
    """A one-time code for when the authenticator is lost; only its hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery-code:{self.user_id}"
