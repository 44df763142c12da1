"""Which agency a staff member is working in (the agency switcher's choice), and the
checks every workspace request passes (session limits, second factor, password age)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from gongkai.agencies import security
from gongkai.agencies.permissions import agencies_for
from gongkai.rules.passwords import password_expired

SESSION_KEY = "gongkai_agency_id"


def current_agency(request):
    """The agency chosen in the switcher, or the first the user works in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    choices = agencies_for(user)
    chosen = request.session.get(SESSION_KEY)
    for agency in choices:
        if agency.pk == chosen:
            return agency
    return choices[0] if choices else None


class CurrentAgencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.agency = SimpleLazyObject(lambda: current_agency(request))
        return self.get_response(request)


GATED_PREFIXES = ("/staff/", "/manage/")
LOGIN_AT, SEEN_AT, OTP_DONE = "gk_login_at", "gk_seen_at", "gk_otp"
# The last activity is stored to the minute: a session is not written on every
# request for it, and an idle session may end up to this much early.
SEEN_RESOLUTION = 60  # seconds


def session_start(request, *, otp_done: bool = False) -> None:
    """Mark a fresh login in the session (the views call this after ``login``)."""
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    request.session[OTP_DONE] = otp_done


def _timed_out(request, user, admin: bool) -> str:
    """ "idle" or "absolute" when the session has run out, else ""."""
    now = time.time()
    session = request.session
    login_at = session.setdefault(LOGIN_AT, now)
    seen_at = session.get(SEEN_AT)
    if now - login_at > settings.SESSION_COOKIE_AGE:
        return "absolute"
    if seen_at is not None and now - seen_at > security.idle_limit(user, admin=admin):
        return "idle"
    if seen_at is None or now - seen_at >= SEEN_RESOLUTION:
        session[SEEN_AT] = now  # the session is saved (a write) only when this changes
    return ""


def _expire(request, reason: str):
    minutes = security.idle_limit(request.user) // 60
    logout(request)  # flushes the session: the old key is gone from the store
    if reason == "idle":
        text = _(
            "Your session ended after %(n)d minutes without activity. Please log in again."
        ) % {"n": minutes}
    else:
        text = _("Your session has reached its maximum length. Please log in again.")
    messages.info(request, text)
    return redirect_to_login(request.get_full_path(), reverse("workspace:login"))


class AccountSecurityMiddleware:
    """Idle and absolute session limits, the second factor and password age for the
    staff workspace (spec security.md SEC-04, SEC-06, SEC-09).

    Only workspace addresses (/staff/, /manage/) are guarded; the public site
    needs no login. Order: time-outs, then the second factor, then password age.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        path = request.path
        if user is None or not user.is_authenticated or not path.startswith(GATED_PREFIXES):
            return self.get_response(request)
        if path in (reverse("workspace:login"), reverse("workspace:logout")):
            return self.get_response(request)
        admin = security.is_admin(user)
        reason = _timed_out(request, user, admin)
        if reason:
            return _expire(request, reason)
        return self._second_factor(request, user, admin) or self.get_response(request)

    def _second_factor(self, request, user, admin: bool):
        path = request.path
        otp_paths = (reverse("workspace:otp_verify"), reverse("workspace:otp_enrol"))
        pending = not request.session.get(OTP_DONE) and path not in otp_paths
        if pending and security.otp_required(user, admin=admin):
            target = "otp_verify" if security.confirmed_device(user) else "otp_enrol"
            return redirect_to_login(path, reverse(f"workspace:{target}"))
        if path in otp_paths or path == reverse("workspace:password"):
            return None
        if password_expired(
            user.password_changed_at, timezone.now(), settings.PASSWORD_MAX_AGE_DAYS
        ):
            messages.warning(request, _("Your password has expired. Please choose a new one."))
            return redirect_to_login(path, reverse("workspace:password"))
        return None
