"""Who may do what. Write functions call these checks; views only mirror them.

Deny by default (spec security.md SEC-14). An actor is a staff :class:`User`
or :data:`SYSTEM`, the installation itself acting from the command line of an
operator with shell access (demo loading, bootstrap of the first accounts).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency, RoleGrant
from gongkai.agencies.roles import Role


class SystemActor:
    """The installation acting on an operator's command (never a web request)."""

    pk = None
    is_authenticated = True

    def __str__(self) -> str:
        return "system"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def roles_of(actor: Any, agency: Agency | None = None) -> set[str]:
    """The roles an actor holds installation-wide and, if given, in ``agency``."""
    if not getattr(actor, "pk", None) or not actor.is_active:
        return set()
    grants = RoleGrant.objects.filter(user_id=actor.pk)
    if agency is None:
        grants = grants.filter(agency__isnull=True)
    else:
        grants = grants.filter(agency__isnull=True) | grants.filter(agency=agency)
    return set(grants.values_list("role", flat=True))


def has_role(actor: Any, roles: Iterable[str], agency: Agency | None = None) -> bool:
    if actor is SYSTEM:
        return True
    return bool(roles_of(actor, agency) & set(roles))


def require_role(actor: Any, roles: Iterable[str], agency: Agency | None = None) -> None:
    """Raise :class:`PermissionDenied` unless the actor holds one of ``roles``."""
    roles = list(roles)
    if not has_role(actor, roles, agency):
        names = "、".join(str(Role(role).label) for role in roles)
        raise PermissionDenied(_("This needs the role: %(roles)s.") % {"roles": names})


def agencies_for(user: Any) -> list[Agency]:
    """The agencies a staff member works in, plus those a supervisor oversees."""
    if not getattr(user, "pk", None):
        return []
    grants = RoleGrant.objects.filter(user_id=user.pk, agency__isnull=False).select_related(
        "agency"
    )
    found: dict[int, Agency] = {}
    for grant in grants:
        found[grant.agency.pk] = grant.agency
        if grant.role == Role.SUPERVISOR:
            found.update((child.pk, child) for child in grant.agency.descendants())
    return sorted(found.values(), key=lambda agency: agency.name)
