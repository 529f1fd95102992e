"""Making, checking and revoking API keys."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.utils import timezone

from .models import ApiKey, Organization, User

KEY_START = "polku_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(organization: Organization, name: str, user: User | None) -> tuple[ApiKey, str]:
    """A new key; the plain key is returned once and never stored."""
    prefix = secrets.token_hex(6)
    key = f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey.objects.create(
        organization=organization,
        name=name,
        prefix=prefix,
        key_hash=_hash(key),
        created_by=user,
    )
    return api_key, key


def api_key_for(key: str) -> ApiKey | None:
    """The live key matching `key`, or None."""
    if not key.startswith(KEY_START):
        return None
    prefix = key[len(KEY_START) :].partition("_")[0]
    api_key = (
        ApiKey.objects.select_related("organization")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if api_key is None or not hmac.compare_digest(api_key.key_hash, _hash(key)):
        return None
    now = timezone.now()
    # Written at most once a minute, so busy integrations do not write on every call.
    if api_key.last_used_at is None or (now - api_key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    return api_key


def revoke_api_key(api_key: ApiKey) -> None:
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
