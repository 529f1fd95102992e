"""Rules, invitations and their figures, message templates, and the public unsubscribe."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from polku.accounts.access import OrgRequest, member_view, org_object_or_404
from polku.outbox.models import OutboxEmail

from .engine import late_order_counts, unsubscribe
from .forms import MessageTemplateForm, RuleForm
from .messages import (
    OFFERED,
    PLACEHOLDERS,
    Kind,
    customer_language,
    default_template,
    invitation_from_unsubscribe_token,
)
from .models import DeliveryNotice, Invitation, MessageTemplate, Rule

State = Invitation.State


def _rate(answered: int, sent: int) -> float | None:
    return 100 * answered / sent if sent else None


def _rates_by(invitations, field: str) -> list[dict]:
    rows = (
        invitations.filter(state=State.SENT)
        .values(field)
        .annotate(sent=Count("pk"), answered=Count("pk", filter=Q(response__isnull=False)))
        .order_by(field)
    )
    return [
        {**row, "name": row[field], "rate": _rate(row["answered"], row["sent"])} for row in rows
    ]


def _month_starts(now, count: int) -> list:
    start = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    months = [start]
    for _i in range(count - 1):
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return months


@member_view()
def invitation_overview(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    invitations = Invitation.objects.filter(organization=organization)
    counts = invitations.aggregate(
        scheduled=Count("pk", filter=Q(state=State.SCHEDULED)),
        sent=Count("pk", filter=Q(state=State.SENT)),
        answered=Count("pk", filter=Q(state=State.SENT, response__isnull=False)),
        unsubscribed=Count("pk", filter=Q(unsubscribed_at__isnull=False)),
        bounced=Count("pk", filter=Q(email__status=OutboxEmail.Status.BOUNCED)),
        failed=Count("pk", filter=Q(email__status=OutboxEmail.Status.FAILED)),
        skipped=Count("pk", filter=Q(state=State.SKIPPED)),
    )
    counts["rate"] = _rate(counts["answered"], counts["sent"])
    skip_labels = dict(Invitation.Skip.choices)
    skipped = [
        (skip_labels.get(row["skip_reason"], row["skip_reason"]), row["n"])
        for row in invitations.filter(state=State.SKIPPED)
        .values("skip_reason")
        .annotate(n=Count("pk"))
        .order_by("-n")
    ]
    now = timezone.now()
    months = _month_starts(now, 3)
    late = [
        (month, late_order_counts(organization, month, end))
        for month, end in zip(months, [now, *months[:-1]], strict=True)
    ]
    context = {
        "counts": counts,
        "skipped": skipped,
        "by_survey": _rates_by(invitations, "survey__name"),
        "by_touchpoint": _rates_by(invitations, "touchpoint__name"),
        "late": late,
        "notices": DeliveryNotice.objects.filter(organization=organization).select_related(
            "customer", "email"
        )[:20],
        "recent": invitations.select_related("customer", "survey", "email", "touchpoint")[:50],
        "rule_count": Rule.objects.filter(organization=organization, active=True).count(),
    }
    return render(request, "automation/overview.html", context)


@member_view()
def rule_list(request: OrgRequest) -> HttpResponse:
    organization = request.organization
    form = RuleForm(request.POST or None, organization=organization)
    if request.method == "POST":
        if not request.membership.can_edit_journey:
            raise PermissionDenied
        if form.is_valid():
            form.save()
            messages.success(request, _("The rule was saved."))
            return redirect("automation:rules", org=organization.slug)
    rules = Rule.objects.filter(organization=organization).select_related(
        "touchpoint", "survey", "segment"
    )
    return render(request, "automation/rules.html", {"form": form, "rules": rules})


@member_view("can_edit_journey")
def rule_edit(request: OrgRequest, pk: int) -> HttpResponse:
    rule = org_object_or_404(request, Rule, pk=pk)
    form = RuleForm(request.POST or None, instance=rule, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The rule was saved."))
        return redirect("automation:rules", org=request.organization.slug)
    return render(request, "automation/rule_form.html", {"form": form, "rule": rule})


@member_view("can_edit_journey")
def rule_delete(request: OrgRequest, pk: int) -> HttpResponse:
    rule = org_object_or_404(request, Rule, pk=pk)
    if request.method == "POST":
        # Invitations already made keep their state; scheduled ones are not sent.
        Invitation.objects.filter(rule=rule, state=State.SCHEDULED).update(
            state=State.SKIPPED, skip_reason=Invitation.Skip.RULE_REMOVED
        )
        rule.delete()
        messages.success(request, _("The rule was deleted."))
        return redirect("automation:rules", org=request.organization.slug)
    scheduled = Invitation.objects.filter(rule=rule, state=State.SCHEDULED).count()
    consequences = []
    if scheduled:
        consequences.append(
            translation.ngettext(
                "%(count)d scheduled invitation will not be sent.",
                "%(count)d scheduled invitations will not be sent.",
                scheduled,
            )
            % {"count": scheduled}
        )
    return render(
        request,
        "journeys/confirm_delete.html",
        {
            "object": rule,
            "consequences": consequences,
            "cancel_url": redirect("automation:rules", org=request.organization.slug).url,
        },
    )


@member_view()
def template_list(request: OrgRequest) -> HttpResponse:
    own = {
        (t.kind, t.language)
        for t in MessageTemplate.objects.filter(organization=request.organization)
    }
    rows = [
        (kind, label, [(code, name, (kind, code) in own) for code, name in settings.LANGUAGES])
        for kind, label in Kind.choices
    ]
    return render(request, "automation/templates.html", {"rows": rows})


@member_view("can_edit_journey")
def template_edit(request: OrgRequest, kind: str, language: str) -> HttpResponse:
    if kind not in Kind.values or language not in dict(settings.LANGUAGES):
        raise Http404
    organization = request.organization
    template = MessageTemplate.objects.filter(
        organization=organization, kind=kind, language=language
    ).first() or MessageTemplate(organization=organization, kind=kind, language=language)
    if request.method == "POST" and "reset" in request.POST:
        if template.pk:
            template.delete()
        messages.success(request, _("The message is back to Polku's default wording."))
        return redirect("automation:templates", org=organization.slug)
    initial = {}
    if not template.pk:
        initial["subject"], initial["body"] = default_template(kind, language)
    form = MessageTemplateForm(request.POST or None, instance=template, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The message was saved."))
        return redirect("automation:templates", org=organization.slug)
    context = {
        "form": form,
        "template": template,
        "kind_label": dict(Kind.choices)[kind],
        "language_name": dict(settings.LANGUAGES)[language],
        "placeholders": [(name, PLACEHOLDERS[name]) for name in sorted(OFFERED[kind])],
    }
    return render(request, "automation/template_form.html", context)


@csrf_exempt  # RFC 8058: mail programs POST here without a form of ours
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_from_unsubscribe_token(token)
    if invitation is None:
        return render(
            request,
            "automation/unsubscribe.html",
            {"invalid": True, "language": translation.get_language()},
            status=404,
        )
    organization = invitation.survey.organization
    language = customer_language(invitation.customer, organization)
    translation.activate(language)
    if request.method == "POST":
        unsubscribe(invitation)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(_("Unsubscribed."), content_type="text/plain; charset=utf-8")
        done = True
    elif request.method == "GET":
        done = invitation.unsubscribed_at is not None
    else:
        return HttpResponseBadRequest()
    context = {"organization": organization, "done": done, "language": language}
    return render(request, "automation/unsubscribe.html", context)
