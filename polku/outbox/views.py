"""The outbox: what Polku has sent (or kept) on behalf of an organization."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from polku.accounts.access import OrgRequest, member_view, org_object_or_404
from polku.lib.content_security import policy_with_inline_styles

from .models import OutboxEmail


@member_view("can_read_outbox")
def outbox_list(request: OrgRequest) -> HttpResponse:
    emails = OutboxEmail.objects.filter(organization=request.organization).defer(
        "body_text", "body_html"
    )
    page = Paginator(emails, 50).get_page(request.GET.get("page"))
    return render(request, "outbox/list.html", {"page": page})


@member_view("can_read_outbox")
def outbox_detail(request: OrgRequest, pk: int) -> HttpResponse:
    email = org_object_or_404(request, OutboxEmail, pk=pk)
    response = render(request, "outbox/detail.html", {"email": email})
    # The email's own HTML, in a sandboxed frame that inherits this page's policy, may be
    # styled inline; scripts stay forbidden (and the sandbox forbids them again).
    response["Content-Security-Policy"] = policy_with_inline_styles()
    return response
