"""Turn an `EMAIL_URL` such as smtp://user:pass@host:587 into Django's SMTP settings."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit


def smtp_settings_from_url(url: str) -> dict[str, object]:
    """smtp:// is plain or STARTTLS (?tls=1), smtps:// is implicit TLS."""
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"}:
        raise ValueError(f"EMAIL_URL must start with smtp:// or smtps://, not {parts.scheme}://")
    query = parse_qs(parts.query)
    use_ssl = parts.scheme == "smtps"
    use_tls = not use_ssl and query.get("tls", ["0"])[0] in {"1", "true", "yes"}
    return {
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if use_ssl else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_TIMEOUT": 20,
    }
