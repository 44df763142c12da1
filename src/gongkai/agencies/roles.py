"""Roles (角色) and the three separated administrator roles of 等保 2.0.

GB/T 22239-2019 level 3 (安全管理中心 8.1.5) separates 系统管理员 (user identity,
system configuration), 安全管理员 (security policy, granting roles) and
审计管理员 (reading the audit log); no account holds two of them
(spec security.md §1.6, SEC-13, SEC-40). Administrators see no business data.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor (信息员)")
    REVIEWER = "reviewer", _("Reviewer (审核人)")
    HANDLER = "handler", _("Case handler (经办人)")
    HEAD = "head", _("Head (负责人)")
    SUPERVISOR = "supervisor", _("Supervisor (监管单位)")
    SYSTEM_ADMIN = "system_admin", _("System administrator (系统管理员)")
    SECURITY_ADMIN = "security_admin", _("Security administrator (安全管理员)")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator (审计管理员)")


ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
AGENCY_ROLES = frozenset(set(Role) - ADMIN_ROLES)
