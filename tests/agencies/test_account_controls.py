"""等保 2.0 level-3 account controls (spec security.md §1.1, SEC-03..09).

Each test fails when its control is removed: the validators from
AUTH_PASSWORD_VALIDATORS, the lockout in the login view, the limits and the
second factor in AccountSecurityMiddleware.
"""

import datetime as dt
import itertools

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from tests.conftest import PASSWORD, admin_login, pass_second_factor, totp_code

from gongkai.agencies import services
from gongkai.agencies.models import TotpDevice
from gongkai.agencies.permissions import SYSTEM
from gongkai.audit.models import AuditRecord

LOCKED = "登录失败次数过多"


def post_login(client, username, password=PASSWORD, **extra):
    return client.post("/staff/login/", {"username": username, "password": password}, **extra)


# --- Password policy (SEC-03, SEC-04) --------------------------------------------


@pytest.mark.parametrize(
    ("username", "password", "code"),
    [
        ("wangfang", "Short-pw-1", "password_too_short"),
        ("wangfang", "abcdefghijkl-xyz", "password_too_few_classes"),
        ("wangfang", "ALLUPPERCASE123", "password_too_few_classes"),
        ("wangfang", "Wangfang-2026-ok", "password_contains_username"),
        ("wangfang", "Gnafgnaw-2026-ok", "password_contains_username"),
        ("wangfang", "Password-1234", None),  # 13 chars, 4 classes: accepted
    ],
)
def test_password_policy(db, username, password, code):
    if code is None:
        services.account_create(actor=SYSTEM, username=username, password=password)
        return
    with pytest.raises(ValidationError) as raised:
        services.account_create(actor=SYSTEM, username=username, password=password)
    assert code in {error.code for error in raised.value.error_list}


def test_policy_messages_are_bilingual(db):
    from django.utils import translation

    for language, words in (("zh-hans", "大写字母"), ("en", "capital letters")):
        with translation.override(language), pytest.raises(ValidationError) as raised:
            services.account_create(actor=SYSTEM, username="x1y2z3", password="abcdefghijkl-x")
        assert words in " ".join(raised.value.messages)


def _change(user, old, new):
    return services.password_change(actor=user, user=user, old_password=old, new_password=new)


def test_the_last_five_passwords_cannot_be_reused(make_user):
    user = make_user("rotating")
    passwords = [PASSWORD] + [f"Rotation-pass-{n}x" for n in range(1, 6)]
    for old, new in itertools.pairwise(passwords):
        _change(user, old, new)
    # In use: passwords[5]; the five before it are refused, the 5th-previous included.
    for earlier in passwords[:5]:
        with pytest.raises(ValidationError, match="不得与当前密码及此前 5 个密码相同"):
            _change(user, passwords[5], earlier)
    _change(user, passwords[5], "Rotation-pass-6x")
    _change(user, "Rotation-pass-6x", PASSWORD)  # now 6 changes back: allowed
    assert AuditRecord.objects.filter(action="account.password_change").count() == 7


def test_a_wrong_current_password_is_refused(make_user):
    user = make_user("careful")
    with pytest.raises(ValidationError):
        _change(user, "not-the-password", "Another-good-pass-1")
    with pytest.raises(PermissionDenied):
        services.password_change(
            actor=SYSTEM, user=user, old_password=PASSWORD, new_password="Another-good-pass-1"
        )


def test_an_expired_password_must_be_changed(client, make_user, agency):
    make_user("ageing", "editor", agency)
    post_login(client, "ageing")
    assert client.get("/staff/").status_code == 200
    with time_machine.travel(dt.timedelta(days=91)):
        post_login(client, "ageing")
        response = client.get("/staff/")
        assert response.status_code == 302
        assert response.url.startswith("/staff/password/")
        new = "Fresh-password-91"
        data = {"old_password": PASSWORD, "new_password": new, "new_password_again": new}
        assert client.post("/staff/password/", data).status_code == 302
        assert client.get("/staff/").status_code == 200  # same session, still valid


# --- Lockout and rate limit (SEC-05) ------------------------------------------------


def test_five_failures_lock_the_account_even_for_the_right_password(client, make_user):
    make_user("target1")
    for _ in range(4):
        assert post_login(client, "target1", "wrong-password").status_code == 200
    fifth = post_login(client, "target1", "wrong-password")
    assert fifth.status_code == 403 and LOCKED in fifth.content.decode()
    response = post_login(client, "target1")
    assert response.status_code == 403
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    lockout = AuditRecord.objects.get(action="session.lockout")
    assert lockout.actor_label == "anonymous:target1"
    assert AuditRecord.objects.filter(action="session.login_failed").count() == 5
    assert AuditRecord.objects.filter(action="session.login_locked").count() == 1


def test_the_lockout_message_does_not_reveal_whether_the_account_exists(client, make_user):
    make_user("realname")
    pages = {}
    for name in ("realname", "nosuchname"):
        for _ in range(5):
            post_login(client, name, "wrong-password")
        response = post_login(client, name)
        alert = response.content.decode().split('role="alert">')[1].split("</div>")[0]
        pages[name] = (response.status_code, alert)
    assert LOCKED in pages["realname"][1]
    assert pages["realname"] == pages["nosuchname"]


def test_the_lock_ends_after_thirty_minutes(client, make_user):
    make_user("patient")
    for _ in range(5):
        post_login(client, "patient", "wrong-password")
    with time_machine.travel(dt.timedelta(minutes=29)):
        assert post_login(client, "patient").status_code == 403
    with time_machine.travel(dt.timedelta(minutes=31)):
        assert post_login(client, "patient").status_code == 302


def test_only_consecutive_failures_count(client, make_user):
    make_user("typo")
    for _ in range(4):
        post_login(client, "typo", "wrong-password")
    assert post_login(client, "typo").status_code == 302
    client.logout()
    for _ in range(4):
        post_login(client, "typo", "wrong-password")
    assert post_login(client, "typo").status_code == 302


def test_old_failures_are_forgotten(client, make_user):
    make_user("now-and-then")
    for _ in range(4):
        post_login(client, "now-and-then", "wrong-password")
    with time_machine.travel(dt.timedelta(minutes=31)):
        post_login(client, "now-and-then", "wrong-password")
        assert post_login(client, "now-and-then").status_code == 302


def test_the_admin_site_has_no_login_of_its_own(client, system_admin):
    """Its login form would skip the lockout, the rate limit and the second factor."""
    response = client.post("/manage/system/login/", {"username": "sys", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith("/staff/login/")
    assert "_auth_user_id" not in client.session


def test_failures_from_one_address_lock_that_address(client, make_user, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 7
    make_user("sprayed")
    for name in ("a-one", "b-two", "c-three"):
        for _ in range(2):
            post_login(client, name, "wrong-password")
    assert post_login(client, "sprayed", "wrong-password").status_code == 200
    assert post_login(client, "sprayed").status_code == 403  # locked after the 7th
    other = post_login(client, "sprayed", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302  # another address is not locked


def test_the_security_administrator_unlocks(client, make_user, security_admin, system_admin):
    make_user("forgetful")
    for _ in range(5):
        post_login(client, "forgetful", "wrong-password")
    with pytest.raises(PermissionDenied):
        services.login_unlock(actor=system_admin, username="forgetful")
    assert services.login_unlock(actor=security_admin, username="forgetful") is True
    assert AuditRecord.objects.filter(action="session.unlock", actor_label="sec").exists()
    assert post_login(client, "forgetful").status_code == 302
    assert services.login_unlock(actor=security_admin, username="forgetful") is False


def test_unlock_from_the_security_console(client, make_user, security_admin):
    make_user("locked-out")
    for _ in range(5):
        post_login(client, "locked-out", "wrong-password")
    console = type(client)()
    admin_login(console, security_admin)
    response = console.post("/staff/manage/security/accounts/unlock/", {"username": "locked-out"})
    assert response.status_code == 302
    assert post_login(client, "locked-out").status_code == 302


def test_the_login_endpoint_is_rate_limited(client, make_user, settings):
    settings.GONGKAI_LOGIN_LIMIT = 3
    for _ in range(3):
        assert post_login(client, "anyone", "wrong-password").status_code == 200
    response = post_login(client, "anyone", "wrong-password")
    assert response.status_code == 429
    assert "Too many login attempts" in response.content.decode() or "尝试" in (
        response.content.decode()
    )


# --- Idle and absolute session limits (SEC-06) ---------------------------------------


def test_an_idle_session_ends_and_the_user_is_told(client, make_user, agency):
    make_user("idler", "handler", agency)
    post_login(client, "idler")
    key = client.session.session_key
    with time_machine.travel(dt.timedelta(minutes=14)):
        assert client.get("/staff/").status_code == 200  # activity moves the limit on
    with time_machine.travel(dt.timedelta(minutes=14 + 15, seconds=1)):
        response = client.get("/staff/cases/")
        assert response.status_code == 302
        assert response.url.startswith("/staff/login/?next=/staff/cases/")
        assert not Session.objects.filter(session_key=key).exists()
        page = client.get(response.url).content.decode()
        assert "无操作" in page


def test_administrators_have_the_shorter_idle_limit(client, make_user, agency, audit_admin):
    make_user("worker", "handler", agency)
    post_login(client, "worker")
    admin = type(client)()
    admin_login(admin, audit_admin)
    assert admin.get("/staff/manage/audit/").status_code == 200
    with time_machine.travel(dt.timedelta(minutes=11)):
        assert admin.get("/staff/manage/audit/").status_code == 302
        assert client.get("/staff/").status_code == 200


def test_the_absolute_limit_holds_under_activity(client, make_user, agency):
    make_user("busy", "handler", agency)
    post_login(client, "busy")
    for minutes in range(10, 8 * 60, 10):
        with time_machine.travel(dt.timedelta(minutes=minutes)):
            assert client.get("/staff/").status_code == 200
    with time_machine.travel(dt.timedelta(hours=8, minutes=5)):
        assert client.get("/staff/").status_code == 302


# --- TOTP second factor (SEC-09) ----------------------------------------------------


def test_an_administrator_without_a_device_must_enrol(client, security_admin):
    post_login(client, "sec")
    for url in ("/staff/", "/staff/manage/security/roles/", "/staff/password/", "/manage/system/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/staff/otp/enrol/"), url
    page = client.get("/staff/otp/enrol/").content.decode()
    assert "<svg" in page  # the QR code
    device = TotpDevice.objects.get(user=security_admin)
    assert device.secret in page and not device.confirmed
    pass_second_factor(client, security_admin)
    assert client.get("/staff/manage/security/roles/").status_code == 200


def test_an_enrolled_administrator_must_enter_a_code(client, security_admin):
    admin_login(client, security_admin)
    client.logout()
    post_login(client, "sec")
    assert client.get("/staff/").url.startswith("/staff/otp/?next=/staff/")
    assert client.post("/staff/otp/", {"code": "000000"}).status_code == 200
    assert client.get("/staff/").status_code == 302
    device = TotpDevice.objects.get(user=security_admin)
    code = totp_code(device.secret, device.last_step)
    assert client.post("/staff/otp/", {"code": code, "next": "/staff/"}).status_code == 302
    assert client.get("/staff/").status_code == 200
    assert AuditRecord.objects.filter(action="otp.verify_failed").count() == 1


def test_a_used_code_cannot_be_replayed(client, audit_admin):
    admin_login(client, audit_admin)
    device = TotpDevice.objects.get(user=audit_admin)
    used = totp_code(device.secret, device.last_step - 1)  # the step just accepted
    assert not services.totp_verify(user=audit_admin, code=used)


def test_the_secret_is_stored_encrypted(client, audit_admin):
    admin_login(client, audit_admin)
    device = TotpDevice.objects.get(user=audit_admin)
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM agencies_totpdevice WHERE id = %s", [device.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("gk1:") and device.secret not in stored


def test_recovery_codes_work_once(client, make_user, agency):
    user = make_user("phoneless", "editor", agency)
    client.force_login(user)
    client.get("/staff/otp/enrol/")
    secret = TotpDevice.objects.get(user=user).secret
    page = client.post("/staff/otp/enrol/", {"code": totp_code(secret)}).content.decode()
    codes = [line.split("<code>")[1].split("</code>")[0] for line in page.split("<li>")[1:]]
    assert len(codes) == 10
    assert services.totp_verify(user=user, code=codes[0])
    assert not services.totp_verify(user=user, code=codes[0])
    assert services.totp_verify(user=user, code=codes[1].lower())


def test_others_may_enrol_and_are_then_asked(client, make_user, agency):
    user = make_user("careful-editor", "editor", agency)
    post_login(client, "careful-editor")
    assert client.get("/staff/").status_code == 200  # optional for business roles
    pass_second_factor(client, user)
    client.logout()
    post_login(client, "careful-editor")
    assert client.get("/staff/").url.startswith("/staff/otp/")


def test_wrong_codes_count_towards_the_lockout(client, make_user, agency):
    user = make_user("guesser", "editor", agency)
    admin_login(client, user)
    client.logout()
    post_login(client, "guesser")
    for _ in range(4):
        assert client.post("/staff/otp/", {"code": "123456"}).status_code == 200
    response = client.post("/staff/otp/", {"code": "123456"})
    assert response.status_code == 302 and response.url == "/staff/login/"
    assert post_login(client, "guesser").status_code == 403


def test_the_security_administrator_resets_a_second_factor(
    client, make_user, security_admin, system_admin
):
    admin_login(client, system_admin)
    with pytest.raises(PermissionDenied):
        services.totp_reset(actor=system_admin, user=system_admin)
    with pytest.raises(PermissionDenied):
        services.totp_reset(actor=security_admin, user=security_admin)
    services.totp_reset(actor=security_admin, user=system_admin)
    assert not TotpDevice.objects.filter(user=system_admin).exists()
    assert AuditRecord.objects.filter(action="otp.reset").exists()
    client.logout()
    post_login(client, "sys")
    assert client.get("/staff/").url.startswith("/staff/otp/enrol/")


def test_demo_administrators_use_the_documented_key(client, demo):
    from gongkai.agencies.models import User
    from gongkai.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

    for name in ("sysadmin", "secadmin", "auditadmin"):
        user = User.objects.get(username=name)
        assert TotpDevice.objects.get(user=user, confirmed=True).secret == DEMO_TOTP_SECRET
    post_login(client, "secadmin", DEMO_PASSWORD)
    response = client.post("/staff/otp/", {"code": totp_code(DEMO_TOTP_SECRET)})
    assert response.status_code == 302
    assert client.get("/staff/manage/security/roles/").status_code == 200
