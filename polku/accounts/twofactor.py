"""Two-step login for staff: a time-based code from an authenticator app (TOTP, RFC 6238,
through pyotp) after the password, and one-time recovery codes for a lost phone.

A login with the right password but no code yet is only "pending": the session holds who
it is and since when, and nobody is logged in until the code is right."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from django.db import transaction
from django.utils import timezone

from .models import RecoveryCode, TwoFactor, User

ISSUER = "Polku"
RECOVERY_CODES = 10
# A code is accepted one step (30 s) either side of now: phones' clocks drift.
DRIFT_STEPS = 1
PENDING_SESSION_KEY = "polku_two_factor_pending"
PENDING_SECONDS = 5 * 60
# What a recovery code is made of: no 0/o or 1/l to misread from paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, user: User) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_data_uri(secret: str, user: User) -> str:
    """The QR code an authenticator app scans, as an image the page can show inline."""
    return segno.make(provisioning_uri(secret, user), error="m").svg_data_uri(scale=5)


def _normalized(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def step_of(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step `code` belongs to, within the allowed drift; None if it fits none."""
    code = _normalized(code)
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if at is None else at
    current = totp.timecode(dt.datetime.fromtimestamp(now, tz=dt.UTC))
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def accept_code(two_factor: TwoFactor, code: str) -> bool:
    """True once for a right code: the step is recorded so the same code never works again
    (two requests racing with one code: the conditional update lets one through)."""
    step = step_of(two_factor.secret, code)
    if step is None:
        return False
    return bool(
        TwoFactor.objects.filter(pk=two_factor.pk, last_step__lt=step).update(last_step=step)
    )


def _digest(code: str) -> str:
    return hashlib.sha256(_normalized(code).encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones; the only time they are readable."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(RecoveryCode(user=user, digest=_digest(c)) for c in codes)
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """True once per code: using it marks it used in the same conditional update."""
    if len(_normalized(code)) != 10:
        return False
    return bool(
        RecoveryCode.objects.filter(user=user, digest=_digest(code), used_at__isnull=True).update(
            used_at=timezone.now()
        )
    )


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def turn_on(user: User, secret: str, code: str) -> list[str] | None:
    """Save the app the user has just set up if `code` proves it works; the recovery codes
    to show them, or None when the code is wrong (nothing is saved then)."""
    step = step_of(secret, code)
    if step is None:
        return None
    with transaction.atomic():
        TwoFactor.objects.update_or_create(
            user=user, defaults={"secret": secret, "last_step": step}
        )
        return new_recovery_codes(user)


def turn_off(user: User) -> None:
    with transaction.atomic():
        TwoFactor.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()


def is_on(user: User) -> bool:
    return TwoFactor.objects.filter(user=user).exists()


def check(user: User, code: str) -> str | None:
    """Which kind of code `code` is, "app" or "recovery", if it is right and unused."""
    two_factor = TwoFactor.objects.filter(user=user).first()
    if two_factor is None:
        return None
    if accept_code(two_factor, code):
        return "app"
    if use_recovery_code(user, code):
        return "recovery"
    return None


def begin_pending_login(session, user: User, backend: str) -> None:
    session[PENDING_SESSION_KEY] = {"user": user.pk, "backend": backend, "at": time.time()}


def pending_user(session) -> tuple[User, str] | None:
    """Who passed the password step in this session in the last few minutes, with the
    authentication backend that let them through."""
    pending = session.get(PENDING_SESSION_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending["backend"]) if user else None


def end_pending_login(session) -> None:
    session.pop(PENDING_SESSION_KEY, None)
