"""A strict Content-Security-Policy on every page Polku serves.

Scripts, styles, images and fonts come from Polku itself only; no inline script or style
runs, so text someone managed to smuggle into a page could still not execute. Pages that
other sites may frame (the survey pages, with `xframe_options_exempt`) name no
`frame-ancestors`; all others refuse to be framed. A view that needs something else sets
its own header (the personal data export, the outbox's view of an email), which is kept.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

BASE = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
)
POLICY = "; ".join((*BASE, "frame-ancestors 'none'"))
# No frame-ancestors at all: "*" would leave out a parent without a network origin.
FRAMEABLE = "; ".join(BASE)
# Django's admin keeps a few inline styles; its scripts are files like ours.
ADMIN = POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def policy_with_inline_styles() -> str:
    """For a page that shows someone else's HTML (an email) in a sandboxed frame."""
    return ADMIN


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            if request.path.startswith("/admin/"):
                response["Content-Security-Policy"] = ADMIN
            elif getattr(response, "xframe_options_exempt", False):
                response["Content-Security-Policy"] = FRAMEABLE
            else:
                response["Content-Security-Policy"] = POLICY
        return response
