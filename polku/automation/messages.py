"""The words of invitations, reminders and delivery notices, and the emails made of them.

An organization may write its own wording per kind and language (MessageTemplate); the
defaults below are used otherwise. Templates are plain text with a few {placeholders}:
plain substitution, not a template language, because the text is written by customers of
Polku and must not reach anything but the values offered here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import formataddr

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.html import linebreaks, urlize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from polku.accounts.models import Membership, Organization
from polku.customers.models import Customer
from polku.outbox.models import OutboxEmail
from polku.outbox.sending import queue_email
from polku.surveys.kinds import estimated_minutes

from .actions import invitation_path
from .models import DeliveryNotice, Invitation, MessageTemplate

Kind = MessageTemplate.Kind

PLACEHOLDERS = {
    "greeting": gettext_lazy("“Hi Maija,” or “Hi,” when the name is not known"),
    "organization": gettext_lazy("the name of your organization"),
    "sender_name": gettext_lazy("the name of the person who signs the message"),
    "survey_link": gettext_lazy("the customer's personal survey link"),
    "duration": gettext_lazy("how long answering takes, e.g. “about 1 minute”"),
    "order_reference": gettext_lazy("the order number"),
}
# Which placeholders each kind offers, and which it cannot do without.
OFFERED = {
    Kind.INVITATION: {"greeting", "organization", "sender_name", "survey_link", "duration"},
    Kind.REMINDER: {"greeting", "organization", "sender_name", "survey_link", "duration"},
    Kind.DELIVERY_NOTICE: {"greeting", "organization", "sender_name", "order_reference"},
    Kind.CASE_REPLY: {"greeting", "organization", "sender_name"},
    Kind.FIX_TOLD: {"greeting", "organization", "sender_name"},
}
REQUIRED = {Kind.INVITATION: {"survey_link"}, Kind.REMINDER: {"survey_link"}}
PLACEHOLDER = re.compile(r"\{(\w+)\}")
UNSUBSCRIBE_SALT = "polku.unsubscribe"


def default_template(kind: str, language: str) -> tuple[str, str]:
    """The subject and body Polku uses when the organization has not written its own."""
    with translation.override(language):
        if kind == Kind.INVITATION:
            return _("{organization}: how did we do?"), _(
                "{greeting}\n\n"
                "Thank you for choosing {organization}. We would like to hear how it went: "
                "answering takes {duration}.\n\n"
                "{survey_link}\n\n"
                "We read every answer, and if you leave a comment, we will reply to you "
                "in person.\n\n"
                "Best wishes,\n{sender_name}\n{organization}"
            )
        if kind == Kind.REMINDER:
            return _("{organization}: a reminder about our short survey"), _(
                "{greeting}\n\n"
                "A few days ago we asked how things went with {organization}. If you have "
                "a moment, answering still takes only {duration}:\n\n"
                "{survey_link}\n\n"
                "This is the only reminder we send.\n\n"
                "Thank you,\n{sender_name}\n{organization}"
            )
        if kind == Kind.CASE_REPLY:
            return _("{organization}: thank you for your feedback"), _(
                "{greeting}\n\n"
                "Thank you for your feedback.\n\n\n\n"
                "Best wishes,\n{sender_name}\n{organization}"
            )
        if kind == Kind.FIX_TOLD:
            return _("{organization}: what we did about your feedback"), _(
                "{greeting}\n\n"
                "You told us about a problem, and we want you to know what we did about it:"
                "\n\n\n\n"
                "Thank you for helping us do better.\n\n{sender_name}\n{organization}"
            )
        return _("{organization}: your order {order_reference} is late"), _(
            "{greeting}\n\n"
            "Your order {order_reference} will not reach you by the time we promised. "
            "We are sorry. We are finding out what happened and will tell you as soon as "
            "it is on its way.\n\n"
            "If you have a question, just reply to this message: it comes to me.\n\n"
            "{sender_name}\n{organization}"
        )


def template_errors(kind: str, text: str, *, check_required: bool = True) -> list[str]:
    """What is wrong with an organization's template text, for the form."""
    used = set(PLACEHOLDER.findall(text))
    errors = [
        _("{%(name)s} is not available in this message.") % {"name": name}
        for name in sorted(used - OFFERED[kind])
    ]
    errors += [
        _("The message must contain {%(name)s}.") % {"name": name}
        for name in sorted(REQUIRED.get(kind, set()) - used)
        if check_required
    ]
    return errors


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def template_for(organization: Organization, kind: str, language: str) -> tuple[str, str]:
    own = MessageTemplate.objects.filter(
        organization=organization, kind=kind, language=language
    ).first()
    return (own.subject, own.body) if own else default_template(kind, language)


class Wordings(dict):
    """The templates looked up during one run of the worker: one query per kind, not per
    message."""

    def get_for(self, organization: Organization, kind: str, language: str) -> tuple[str, str]:
        key = (organization.pk, kind, language)
        if key not in self:
            self[key] = template_for(organization, kind, language)
        return self[key]


def customer_language(customer: Customer | None, organization: Organization) -> str:
    languages = dict(settings.LANGUAGES)
    if customer and customer.language in languages:
        return customer.language
    return organization.language


def sender_for(organization: Organization, employee: Membership | None) -> Membership | None:
    """The one who served the customer, else the organization's default sender."""
    return employee or organization.default_sender


def _sender_name(sender: Membership | None, organization: Organization) -> str:
    if sender is None:
        return organization.name
    return sender.user.display_name or sender.user.email


def unsubscribe_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=UNSUBSCRIBE_SALT)


def invitation_from_unsubscribe_token(token: str) -> Invitation | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Invitation.objects.select_related("customer").filter(pk=pk).first()


@dataclass
class Composed:
    subject: str
    text: str
    html: str
    from_email: str
    reply_to: str

    def queue(self, organization: Organization, to: str, headers=None) -> OutboxEmail:
        return queue_email(
            organization=organization,
            to=to,
            subject=self.subject,
            body_text=self.text,
            body_html=self.html,
            from_email=self.from_email,
            reply_to=self.reply_to,
            headers=headers,
        )


def fill_template(
    organization: Organization,
    kind: str,
    language: str,
    *,
    customer: Customer,
    sender: Membership | None,
    values: dict[str, str] | None = None,
    wordings: Wordings | None = None,
) -> tuple[str, str]:
    """The subject and text of a message with its words filled in for this customer."""
    subject, body = (wordings or Wordings()).get_for(organization, kind, language)
    with translation.override(language):
        first_name = (customer.contact_person or customer.name).split(" ")[0]
        greeting = _("Hi %(name)s,") % {"name": first_name} if first_name else _("Hi,")
    values = {
        "greeting": greeting,
        "organization": organization.name,
        "sender_name": _sender_name(sender, organization),
        **(values or {}),
    }
    return " ".join(fill(subject, values).split()), fill(body, values)


def html_of(text: str, language: str) -> str:
    """The HTML part of a message: the same text, escaped, paragraphs kept, links clickable."""
    body_html = linebreaks(urlize(text, autoescape=True))
    return (
        f'<!doctype html><html lang="{language}">'
        f'<body style="font-family:sans-serif;max-width:36em">{body_html}</body></html>'
    )


def from_address(organization: Organization, sender: Membership | None) -> str:
    """“Aino Virtanen, Kauneuspuoti Kaisla <polku@…>”: a person of the business signs."""
    address = settings.DEFAULT_FROM_EMAIL
    if "<" in address:
        address = address.split("<", 1)[1].rstrip(">")
    name = _sender_name(sender, organization)
    display = f"{name}, {organization.name}" if sender else organization.name
    return formataddr((display, address))


def compose(
    organization: Organization,
    kind: str,
    language: str,
    *,
    customer: Customer,
    sender: Membership | None,
    values: dict[str, str],
    footer: str = "",
    wordings: Wordings | None = None,
) -> Composed:
    subject, text = fill_template(
        organization,
        kind,
        language,
        customer=customer,
        sender=sender,
        values=values,
        wordings=wordings,
    )
    text += footer
    return Composed(
        subject=subject,
        text=text,
        html=html_of(text, language),
        from_email=from_address(organization, sender),
        reply_to=sender.user.email if sender else "",
    )


def _minutes(language: str, minutes: int) -> str:
    with translation.override(language):
        return translation.ngettext(
            "about %(minutes)d minute", "about %(minutes)d minutes", minutes
        ) % {"minutes": minutes}


def queue_invitation_email(
    invitation: Invitation, kind: str = Kind.INVITATION, *, wordings: Wordings | None = None
) -> OutboxEmail:
    """The invitation (or its reminder) as a queued email with a one-click unsubscribe."""
    organization = invitation.survey.organization
    customer = invitation.customer
    language = customer_language(customer, organization)
    unsubscribe_url = settings.SITE_URL + reverse(
        "unsubscribe", args=[unsubscribe_token(invitation)]
    )
    with translation.override(language):
        footer = "\n\n--\n" + _("No more surveys from %(organization)s: %(url)s") % {
            "organization": organization.name,
            "url": unsubscribe_url,
        }
    questions = invitation.survey.current_version.questions
    composed = compose(
        organization,
        kind,
        language,
        customer=customer,
        sender=sender_for(organization, invitation.employee),
        values={
            "survey_link": settings.SITE_URL + invitation_path(invitation),
            "duration": _minutes(language, estimated_minutes(questions)),
        },
        footer=footer,
        wordings=wordings,
    )
    # RFC 8058: mail programs show an unsubscribe button that POSTs to this URL.
    return composed.queue(
        organization,
        customer.email,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def queue_notice_email(notice: DeliveryNotice, employee: Membership | None) -> OutboxEmail:
    organization = notice.organization
    customer = notice.customer
    language = customer_language(customer, organization)
    composed = compose(
        organization,
        Kind.DELIVERY_NOTICE,
        language,
        customer=customer,
        sender=sender_for(organization, employee),
        values={"order_reference": notice.order_reference},
    )
    return composed.queue(organization, customer.email)
