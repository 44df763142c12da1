"""Read-side helpers of the account controls: lockout state, TOTP, session limits.

The state changes (counting failures, unlocking, enrolling a device) are write
functions in :mod:`gongkai.agencies.services`; this module only reads and
computes. Spec security.md SEC-05 (lockout), SEC-06 (timeouts), SEC-09 (TOTP).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import unicodedata

import pyotp
import segno
from django.conf import settings
from django.utils import timezone

from gongkai.agencies.models import LoginThrottle, RoleGrant, TotpDevice
from gongkai.agencies.roles import ADMIN_ROLES

TOTP_STEP = 30  # seconds (RFC 6238 §4)
TOTP_DRIFT = 1  # steps either side accepted, for clocks a little out


def account_key(username: str) -> str:
    folded = unicodedata.normalize("NFKC", username or "").strip().casefold()
    return f"user:{folded[:150]}"


def address_key(address: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return f"addr:{digest.hexdigest()[:40]}"


def locked_keys(keys: list[str], now: dt.datetime | None = None) -> list[str]:
    """Those of ``keys`` that are locked out now."""
    now = now or timezone.now()
    return list(
        LoginThrottle.objects.filter(key__in=keys, locked_until__gt=now).values_list(
            "key", flat=True
        )
    )


def is_admin(user) -> bool:
    """True when the account holds one of the three administrator roles."""
    return RoleGrant.objects.filter(user_id=user.pk, role__in=ADMIN_ROLES).exists()


def confirmed_device(user) -> TotpDevice | None:
    return TotpDevice.objects.filter(user_id=user.pk, confirmed=True).first()


def otp_required(user, *, admin: bool | None = None) -> bool:
    """Administrators always; anyone else once they have enrolled a device.
    ``admin``: :func:`is_admin` when the caller already asked."""
    admin = is_admin(user) if admin is None else admin
    return admin or confirmed_device(user) is not None


def totp_new_secret() -> str:
    return pyotp.random_base32(32)  # 160 bits, as RFC 4226 §4 recommends


def totp_uri(secret: str, username: str) -> str:
    issuer = settings.GONGKAI_TOTP_ISSUER
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)


def totp_qr_svg(uri: str) -> str:
    """The otpauth:// address as an inline SVG QR code (no image file, no network)."""
    return segno.make(uri, error="m").svg_inline(scale=4)


def totp_match(secret: str, code: str, *, after_step: int, now: float | None = None) -> int:
    """The time step ``code`` belongs to (within the drift), or 0.

    Steps at or before ``after_step`` are refused, so a code works once.
    """
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        return 0
    totp = pyotp.TOTP(secret)
    now = now if now is not None else timezone.now().timestamp()
    current = int(now // TOTP_STEP)
    for step in range(current - TOTP_DRIFT, current + TOTP_DRIFT + 1):
        if step > after_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return 0


def recovery_code_new() -> str:
    """A one-time recovery code: 16 base32 characters (80 bits), shown in fours."""
    raw = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def recovery_code_hash(code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(f"gongkai-recovery:{normalised}".encode()).hexdigest()


def idle_limit(user, *, admin: bool | None = None) -> int:
    if is_admin(user) if admin is None else admin:
        return settings.SESSION_IDLE_ADMIN_SECONDS
    return settings.SESSION_IDLE_SECONDS
