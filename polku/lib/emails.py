"""The one path by which Polku sends email: three templates per message.

`<name>_subject.txt`, `<name>_body.txt` and `<name>_body.html` are rendered in the
recipient's language. The configured backend (the outbox, see polku.outbox) records every
message against its organization and, when a mail server is configured, delivers it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(
    name: str,
    context: dict,
    to: str,
    *,
    language: str,
    organization=None,
    reply_to: str | None = None,
) -> None:
    with translation.override(language):
        context = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{name}_subject.txt", context).split())
        text = render_to_string(f"{name}_body.txt", context)
        html = render_to_string(f"{name}_body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    )
    message.attach_alternative(html, "text/html")
    # Read by the outbox backend to file the message under its organization.
    message.polku_organization_id = organization.pk if organization else None
    message.send()
