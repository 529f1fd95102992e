"""Answering the customer from a case, and their answers coming back into it.

A reply is an email signed by the person who writes it, in the customer's language. Its
Reply-To is the installation's inbound address with the case's token
(`replies+<token>@example.com`, POLKU_INBOUND_EMAIL), so that the customer's answer, piped
to `polku inbound_email` or posted to the inbound webhook, lands in the same case. Without
an inbound address, replies go to the writer's own mailbox.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses

from django.conf import settings
from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.html import strip_tags

from polku.accounts.models import Membership
from polku.automation.messages import (
    Kind,
    customer_language,
    fill_template,
    from_address,
    html_of,
)
from polku.outbox.sending import queue_email

from .models import Case, CaseEntry

TOKEN = re.compile(r"\+(\d+)-([0-9a-f]{20})@", re.IGNORECASE)
MAX_INBOUND_TEXT = 20_000
# "On … wrote:", "… kirjoitti:", "… skrev:", Outlook's "-----Original Message-----".
QUOTE_STARTS = re.compile(r"(wrote|kirjoitti|skrev|schrieb):$|^-{3,}\s*\w", re.IGNORECASE)


def case_token(case: Case) -> str:
    # Lower-case hex: mail servers may change the case of an address's local part.
    return f"{case.pk}-{salted_hmac('polku.case-reply', str(case.pk)).hexdigest()[:20]}"


def inbound_address(case: Case) -> str:
    if not settings.POLKU_INBOUND_EMAIL:
        return ""
    local, _at, domain = settings.POLKU_INBOUND_EMAIL.partition("@")
    return f"{local}+{case_token(case)}@{domain}"


def draft(case: Case, author: Membership, kind: str = Kind.CASE_REPLY) -> tuple[str, str]:
    """The organization's wording for this reply, filled in, for the writer to finish."""
    language = customer_language(case.customer, case.organization)
    return fill_template(case.organization, kind, language, customer=case.customer, sender=author)


def can_reply(case: Case) -> bool:
    return bool(case.customer_id and case.customer.email)


@transaction.atomic
def send_reply(
    case: Case, author: Membership, subject: str, text: str, entry_kind=CaseEntry.Kind.REPLY
) -> CaseEntry:
    """Queue the email (the worker sends it) and write it into the timeline."""
    organization = case.organization
    language = customer_language(case.customer, organization)
    email = queue_email(
        organization=organization,
        to=case.customer.email,
        subject=subject,
        body_text=text,
        body_html=html_of(text, language),
        from_email=from_address(organization, author),
        reply_to=inbound_address(case) or author.user.email,
    )
    if case.status == Case.Status.NEW:
        case.status = Case.Status.IN_PROGRESS
        case.save(update_fields=["status"])
    return CaseEntry.objects.create(
        case=case, kind=entry_kind, author=author, text=f"{subject}\n\n{text}", email=email
    )


def _case_from_token(message: EmailMessage) -> Case | None:
    headers = [message.get_all(name, []) for name in ("To", "Cc", "Delivered-To", "X-Original-To")]
    for _name, address in getaddresses([str(v) for values in headers for v in values]):
        found = TOKEN.search(address + "@")
        if not found:
            continue
        pk, signature = found.groups()
        case = Case.objects.filter(pk=int(pk)).first()
        if case and constant_time_compare(case_token(case), f"{pk}-{signature.lower()}"):
            return case
    return None


def _case_from_thread(message: EmailMessage) -> Case | None:
    """A mail program that drops the Reply-To still names our message in its headers."""
    threads = f"{message.get('In-Reply-To', '')} {message.get('References', '')}"
    ids = re.findall(r"<[^<>]+>", threads)
    if not ids:
        return None
    entry = CaseEntry.objects.filter(email__message_id__in=ids).select_related("case").first()
    return entry.case if entry else None


def _text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    if part.get_content_type() == "text/html":
        text = strip_tags(text)
    # Keep what the customer wrote, not the quoted message below it.
    kept = []
    for line in text.splitlines():
        if line.startswith(">") or QUOTE_STARTS.search(line.strip()):
            break
        kept.append(line)
    return "\n".join(kept).strip()[:MAX_INBOUND_TEXT]


@transaction.atomic
def receive_email(raw: bytes) -> Case | None:
    """Thread a customer's email into its case; None (and nothing stored) if it has none."""
    message = message_from_bytes(raw, policy=policy.default)
    case = _case_from_token(message) or _case_from_thread(message)
    if case is None:
        return None
    sender = message.get("From", "")
    subject = message.get("Subject", "")
    CaseEntry.objects.create(
        case=case,
        kind=CaseEntry.Kind.CUSTOMER_REPLY,
        text=f"{sender}\n{subject}\n\n{_text_of(message)}".strip(),
    )
    if case.status != Case.Status.IN_PROGRESS:
        # An answer wakes the case up, even a resolved one: someone has to read it.
        case.status = Case.Status.IN_PROGRESS
        case.save(update_fields=["status"])
    return case
