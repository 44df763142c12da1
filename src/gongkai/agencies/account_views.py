"""The account's own security pages: second factor, password change; and the
安全管理员's unlock and second-factor reset (spec security.md SEC-03..09)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai import ratelimit
from gongkai.agencies import security, services
from gongkai.agencies.forms import AccountNameForm, CodeForm, PasswordChangeForm
from gongkai.agencies.middleware import OTP_DONE
from gongkai.agencies.models import TotpDevice, User
from gongkai.agencies.permissions import require_role
from gongkai.agencies.roles import Role


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/staff/"


def _second_factor_done(request):
    request.session.cycle_key()
    request.session[OTP_DONE] = True


@login_required
def otp_verify(request):
    """Second login step: a code from the authenticator app or a recovery code."""
    if security.confirmed_device(request.user) is None:
        return redirect("workspace:otp_enrol")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = ratelimit.client_address(request)
        if services.totp_verify(user=request.user, code=form.cleaned_data["code"], address=address):
            _second_factor_done(request)
            return redirect(_next(request))
        if security.locked_keys([security.account_key(request.user.username)]):
            logout(request)
            messages.error(request, _("Too many wrong codes: logging in is locked for now."))
            return redirect("workspace:login")
        form.add_error("code", _("The code is not correct."))
    return render(request, "workspace/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
def otp_enrol(request):
    """Enrol an authenticator app: scan the QR code, confirm with its first code."""
    user = request.user
    if security.confirmed_device(user) is not None:
        return redirect("workspace:otp_verify")
    device = TotpDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = services.totp_enrol_start(actor=user, user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_enrol_confirm(
                actor=user, user=user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _second_factor_done(request)
            context = {"codes": codes, "next": _next(request)}
            return render(request, "workspace/otp_recovery.html", context)
    uri = security.totp_uri(device.secret, user.username)
    context = {
        "form": form,
        "qr": security.totp_qr_svg(uri),
        "secret": device.secret,
        "required": security.is_admin(user),
        "next": _next(request),
    }
    return render(request, "workspace/otp_enrol.html", context)


@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                actor=request.user,
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect(_next(request))
    return render(request, "workspace/password.html", {"form": form, "next": _next(request)})


@login_required
@require_POST
def account_security(request, action: str):
    """安全管理员: end a lockout early, or remove an account's second factor."""
    require_role(request.user, [Role.SECURITY_ADMIN])
    if action not in ("unlock", "otp-reset"):
        raise Http404
    form = AccountNameForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter an account name."))
        return redirect("workspace:roles")
    username = form.cleaned_data["username"]
    if action == "unlock":
        done = services.login_unlock(actor=request.user, username=username)
        text = _("Unlocked.") if done else _("This account name is not locked.")
    else:
        target = User.objects.filter(username=username).first()
        if target is None:
            messages.error(request, _("No such account."))
            return redirect("workspace:roles")
        try:
            services.totp_reset(actor=request.user, user=target)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("workspace:roles")
        text = _("The second factor was removed; the account enrols again at next login.")
    messages.success(request, text)
    return redirect("workspace:roles")
