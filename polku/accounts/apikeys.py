"""Making, checking and revoking API keys."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from .models import ApiKey, Organization, User

KEY_START = "polku_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(
    organization: Organization, name: str, user: User | None, scope: str = ApiKey.Scope.EVENTS
) -> tuple[ApiKey, str]:
    """A new key; the plain key is returned once and never stored."""
    prefix = secrets.token_hex(6)
    key = f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey.objects.create(
        organization=organization,
        name=name,
        scope=scope,
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


class ApiKeyAuth(HttpBearer):
    """`Authorization: Bearer polku_…`; the key decides the organization, and its scope
    whether it may do this (403 if not)."""

    def __init__(self, scope: str = ApiKey.Scope.READ):
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        api_key = api_key_for(token)
        if api_key is not None and not api_key.allows(self.scope):
            raise HttpError(403, f"this key may not do this: it needs the scope '{self.scope}'")
        return api_key
