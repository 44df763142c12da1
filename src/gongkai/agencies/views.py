"""The staff workspace shell: login, agency switcher, dashboard, role console."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai import ratelimit
from gongkai.agencies import security, services
from gongkai.agencies.forms import AgencySwitchForm, RoleGrantForm
from gongkai.agencies.middleware import SESSION_KEY, current_agency, session_start
from gongkai.agencies.models import RoleGrant
from gongkai.agencies.permissions import agencies_for, require_role, roles_of
from gongkai.agencies.roles import Role


def _locked_text() -> str:
    # The same words whether or not the account exists (SEC-05).
    return _(
        "Too many failed logins: logging in is locked for %(n)d minutes. Try again"
        " later, or ask the security administrator (安全管理员) to unlock it."
    ) % {"n": settings.LOGIN_LOCKOUT_MINUTES}


class LoginView(auth_views.LoginView):
    """Password step. Rate limit per address, lockout per name and address (SEC-05);
    the second factor and the session limits follow in AccountSecurityMiddleware."""

    template_name = "workspace/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not ratelimit.hit(request, "login", limit=settings.GONGKAI_LOGIN_LIMIT, period=3600):
            refusal = _("Too many login attempts from your address. Please wait and try again.")
            return self._refuse(refusal, 429)
        username = request.POST.get("username", "")
        address = ratelimit.client_address(request)
        keys = [security.account_key(username), security.address_key(address)]
        if security.locked_keys(keys):
            services.session_record(user=None, username=username, success=False, locked=True)
            return self._refuse(_locked_text(), 403)
        return super().post(request, *args, **kwargs)

    def _refuse(self, text: str, status: int):
        form = self.get_form_class()(self.request)
        context = self.get_context_data(form=form, refusal=text)
        return self.render_to_response(context, status=status)

    def form_valid(self, form):
        response = super().form_valid(form)
        session_start(self.request)
        user = form.get_user()
        services.session_record(
            user=user, username=user.username, success=True, address=self._address()
        )
        return response

    def form_invalid(self, form):
        username = form.data.get("username", "")
        services.session_record(
            user=None, username=username, success=False, address=self._address()
        )
        if security.locked_keys([security.account_key(username)]):
            return self._refuse(_locked_text(), 403)
        return super().form_invalid(form)

    def _address(self) -> str:
        return ratelimit.client_address(self.request)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            services.session_logout(user=request.user)
        return super().post(request, *args, **kwargs)


@login_required
def dashboard(request):
    agency = current_agency(request)
    roles = roles_of(request.user, agency) if agency else set()
    context = {
        "agency": agency,
        "agencies": agencies_for(request.user),
        "my_roles": sorted(Role(r).label for r in roles),
        "roles": roles,
        "admin_roles": roles_of(request.user),
        "due": _due_counts(request.user, agency),
        **(_catalogue_alerts(agency) if agency else {}),
    }
    return render(request, "workspace/dashboard.html", context)


def _catalogue_alerts(agency):
    """Art. 26 timeliness, column freshness and 信息报送 figures of the year."""
    import datetime as dt

    from django.utils import timezone

    from gongkai.catalogue import selectors as catalogue
    from gongkai.submissions import selectors as submissions

    now = timezone.now()
    today = timezone.localdate(now)
    art26 = catalogue.art26_late(agency, today)
    freshness = catalogue.column_freshness(agency, now)
    return {
        "art26_due": art26.due_soon.count(),
        "art26_late": art26.published_late.filter(published_at__year=today.year).count(),
        "freshness": freshness,
        "stale_columns": sum(row.status == "stale" for row in freshness),
        "soon_columns": sum(row.status == "soon" for row in freshness),
        "submissions": submissions.counts(
            agency, dt.date(today.year, 1, 1), dt.date(today.year, 12, 31), until=today
        ),
        "inbox": submissions.inbox(agency).count(),
        "trading": any(row.column.trading_sector for row in freshness),  # 交易信息 columns
    }


def _due_counts(user, agency):
    from gongkai.agencies.permissions import has_role
    from gongkai.applications.public import local_today
    from gongkai.applications.selectors import due_counts
    from gongkai.applications.services import HANDLING_ROLES

    if agency is None or not has_role(user, HANDLING_ROLES, agency):
        return None
    return due_counts(agency, today=local_today())


@login_required
@require_POST
def agency_switch(request):
    form = AgencySwitchForm(request.POST)
    allowed = {agency.pk for agency in agencies_for(request.user)}
    if not form.is_valid() or form.cleaned_data["agency"] not in allowed:
        raise PermissionDenied(_("You do not work for this agency."))
    request.session[SESSION_KEY] = form.cleaned_data["agency"]
    return HttpResponseRedirect(reverse("workspace:dashboard"))


@login_required
def roles_console(request):
    """安全管理员's console: grant and revoke roles (SEC-40)."""
    require_role(request.user, [Role.SECURITY_ADMIN])
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grant(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Role granted."))
            return redirect("workspace:roles")
    grants = RoleGrant.objects.select_related("user", "agency").order_by("user__username")
    return render(request, "workspace/roles.html", {"form": form, "grants": grants})


@login_required
@require_POST
def role_revoke(request, grant_id: int):
    grant = get_object_or_404(RoleGrant, pk=grant_id)
    services.role_revoke(actor=request.user, grant=grant)
    messages.success(request, _("Role revoked."))
    return redirect("workspace:roles")
