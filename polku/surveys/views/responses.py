"""Reading the answers: a filtered list with its figures, one response, exports."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from polku.accounts.access import OrgRequest, member_view, org_object_or_404
from polku.insights.models import Segment
from polku.journeys.models import Channel, Touchpoint
from polku.lib.spreadsheets import csv_chunks, xlsx_file
from polku.text.filters import responses_with, sentiment_field, theme_field
from polku.text.models import Theme

from .. import export
from ..figures import figures_of
from ..kinds import Kind, scale_of
from ..models import Answer, Response, Survey, localized

BANDS = {
    "promoters": {"nps__gte": 9},
    "passives": {"nps__gte": 7, "nps__lte": 8},
    "detractors": {"nps__lte": 6},
    "satisfied": {"csat__gte": 4},
    "dissatisfied": {"csat__lte": 2},
}


class ResponseFilter(forms.Form):
    start = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    touchpoint = forms.ModelChoiceField(
        label=_("Touchpoint"),
        queryset=Touchpoint.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=Channel.objects.none(), required=False, empty_label=_("All")
    )
    band = forms.ChoiceField(
        label=_("Score"),
        required=False,
        choices=[
            ("", _("All")),
            ("promoters", _("Promoters (NPS 9–10)")),
            ("passives", _("Passives (NPS 7–8)")),
            ("detractors", _("Detractors (NPS 0–6)")),
            ("satisfied", _("Satisfied (CSAT 4–5)")),
            ("dissatisfied", _("Dissatisfied (CSAT 1–2)")),
        ],
    )
    segment = forms.ModelChoiceField(
        label=_("Customer segment"),
        queryset=Segment.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    comment = forms.BooleanField(label=_("Only with a comment"), required=False)
    theme = theme_field()
    sentiment = sentiment_field()

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].queryset = Touchpoint.objects.filter(organization=organization)
        self.fields["channel"].queryset = Channel.objects.filter(organization=organization)
        self.fields["segment"].queryset = Segment.objects.filter(organization=organization)
        self.fields["theme"].queryset = Theme.objects.filter(organization=organization)

    def apply(self, responses: QuerySet) -> QuerySet:
        if not self.is_valid():
            return responses.none()
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        if data["start"]:
            responses = responses.filter(
                created_at__gte=datetime.combine(data["start"], time.min, zone)
            )
        if data["end"]:
            responses = responses.filter(
                created_at__lte=datetime.combine(data["end"], time.max, zone)
            )
        if data["touchpoint"]:
            responses = responses.filter(touchpoint=data["touchpoint"])
        if data["channel"]:
            responses = responses.filter(channel=data["channel"])
        if data["band"]:
            responses = responses.filter(**BANDS[data["band"]])
        if data["segment"]:
            responses = responses.filter(customer__segment_memberships__segment=data["segment"])
        if data["comment"]:
            responses = responses.filter(has_comment=True)
        return responses_with(responses, data["theme"], data["sentiment"])


def _filtered(request: OrgRequest, survey: Survey) -> tuple[ResponseFilter, QuerySet]:
    form = ResponseFilter(request.GET or None, organization=request.organization)
    responses = Response.objects.filter(survey=survey)
    if request.GET:
        responses = form.apply(responses)
    return form, responses


@member_view()
def response_list(request: OrgRequest, pk: int) -> HttpResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    form, responses = _filtered(request, survey)
    page = Paginator(responses.select_related("touchpoint", "channel", "version"), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "surveys/responses.html",
        {
            "survey": survey,
            "form": form,
            "page": page,
            "figures": figures_of(responses),
            "query": query.urlencode(),
        },
    )


@member_view()
def response_detail(request: OrgRequest, survey_pk: int, pk: int) -> HttpResponse:
    response = org_object_or_404(request, Response, pk=pk, survey_id=survey_pk)
    language = get_language()
    answers = {a.question_key: a for a in Answer.objects.filter(response=response)}
    shown = []
    for q in response.version.questions:
        answer = answers.get(q["key"])
        choices = {c["key"]: localized(c["text"], language) for c in q.get("choices", [])}
        scale = scale_of(q)
        shown.append(
            {
                "text": localized(q["text"], language),
                "kind": q["kind"],
                "answer": answer,
                "chosen": [choices.get(c, c) for c in (answer.choices or [])] if answer else [],
                "high": scale.high if scale else None,
                "is_expectation": q["kind"] == Kind.EXPECTATION,
            }
        )
    return render(
        request,
        "surveys/response_detail.html",
        {"response": response, "survey": response.survey, "shown": shown},
    )


def _filename(survey: Survey, extension: str) -> str:
    stamp = timezone.localdate().isoformat()
    return f"{slugify(survey.name) or 'survey'}-{stamp}.{extension}"


@member_view()
def export_csv(request: OrgRequest, pk: int) -> StreamingHttpResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    _form, responses = _filtered(request, survey)
    response = StreamingHttpResponse(
        csv_chunks(export.rows(survey, responses, get_language())),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, "csv")}"'
    return response


@member_view()
def export_xlsx(request: OrgRequest, pk: int) -> FileResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    _form, responses = _filtered(request, survey)
    handle = xlsx_file(export.rows(survey, responses, get_language()), "Responses")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=_filename(survey, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
