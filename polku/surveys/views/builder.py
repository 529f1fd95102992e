"""The survey builder: create from a preset, edit texts and questions, preview, publish."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polku.accounts.access import OrgRequest, member_view, org_object_or_404
from polku.journeys.actions import move, save_positioned

from .. import actions
from ..figures import figures_of
from ..forms import QuestionForm, SurveyNewForm, SurveySettingsForm
from ..kinds import Kind
from ..models import Question, Survey
from ..respondent import shown_questions
from .respond import page_context


def _survey_url(request: OrgRequest, survey: Survey) -> str:
    return reverse("surveys:detail", args=[request.organization.slug, survey.pk])


@member_view()
def survey_list(request: OrgRequest) -> HttpResponse:
    surveys = (
        Survey.objects.filter(organization=request.organization)
        .select_related("touchpoint")
        .annotate(response_count=Count("responses"))
    )
    return render(request, "surveys/list.html", {"surveys": surveys})


@member_view("can_edit_journey")
def survey_new(request: OrgRequest) -> HttpResponse:
    form = SurveyNewForm(
        request.POST or None,
        organization=request.organization,
        initial={"languages": [request.organization.language], "preset": "webshop_order"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey = actions.create_survey(
            request.organization,
            data["name"],
            preset=data["preset"],
            touchpoint=data["touchpoint"],
            languages=data["languages"],
        )
        messages.success(
            request, _("The survey was created as a draft. Check the questions and publish it.")
        )
        return redirect(_survey_url(request, survey))
    return render(request, "surveys/new.html", {"form": form})


@member_view()
def survey_detail(request: OrgRequest, pk: int) -> HttpResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    public_url = request.build_absolute_uri(reverse("respond:survey", args=[survey.public_id]))
    context = {
        "survey": survey,
        "questions": survey.questions.all(),
        "kinds": Kind.choices,
        "unpublished": actions.has_unpublished_changes(survey),
        "problems": actions.publish_problems(survey),
        "figures": figures_of(survey.responses.all()),
        "public_url": public_url,
        "widget_url": request.build_absolute_uri("/static/polku/widget.js"),
        "version_count": survey.versions.count(),
    }
    return render(request, "surveys/detail.html", context)


@member_view("can_edit_journey")
def survey_settings(request: OrgRequest, pk: int) -> HttpResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    form = SurveySettingsForm(
        request.POST or None, instance=survey, organization=request.organization
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The survey's texts were saved."))
        return redirect(_survey_url(request, survey))
    return render(request, "surveys/settings.html", {"form": form, "survey": survey})


def _question_page(request: OrgRequest, survey: Survey, question: Question) -> HttpResponse:
    form = QuestionForm(request.POST or None, instance=question, survey=survey)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        save_positioned(obj)
        messages.success(request, _("The question was saved."))
        return redirect(_survey_url(request, survey))
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "survey": survey, "question": question},
    )


@member_view("can_edit_journey")
def question_create(request: OrgRequest, pk: int) -> HttpResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    kind = request.GET.get("kind", "")
    question = Question(
        organization=request.organization,
        survey=survey,
        kind=kind if kind in Kind.values else Kind.CSAT,
    )
    return _question_page(request, survey, question)


def _question(request: OrgRequest, survey_pk: int, pk: int) -> Question:
    return org_object_or_404(request, Question, pk=pk, survey_id=survey_pk)


@member_view("can_edit_journey")
def question_edit(request: OrgRequest, survey_pk: int, pk: int) -> HttpResponse:
    question = _question(request, survey_pk, pk)
    return _question_page(request, question.survey, question)


@member_view("can_edit_journey")
def question_delete(request: OrgRequest, survey_pk: int, pk: int) -> HttpResponse:
    question = _question(request, survey_pk, pk)
    back = _survey_url(request, question.survey)
    if request.method == "POST":
        question.delete()
        messages.success(request, _("The question was deleted from the draft."))
        return redirect(back)
    return render(
        request, "surveys/question_delete.html", {"question": question, "cancel_url": back}
    )


@member_view("can_edit_journey")
@require_POST
def question_move(request: OrgRequest, survey_pk: int, pk: int) -> HttpResponse:
    question = _question(request, survey_pk, pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset:
        move(question, offset)
    return redirect(_survey_url(request, question.survey))


@member_view("can_edit_journey")
@require_POST
def survey_publish(request: OrgRequest, pk: int) -> HttpResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    problems = actions.publish_problems(survey)
    if problems:
        for problem in problems:
            messages.error(request, problem)
    else:
        version = actions.publish(survey)
        messages.success(
            request,
            _("Version %(n)d is published: respondents now see it.") % {"n": version.number},
        )
    return redirect(_survey_url(request, survey))


@member_view("can_edit_journey")
@require_POST
def survey_status(request: OrgRequest, pk: int) -> HttpResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    wanted = request.POST.get("status")
    if wanted == Survey.Status.CLOSED and survey.status == Survey.Status.OPEN:
        actions.set_status(survey, Survey.Status.CLOSED)
        messages.success(request, _("The survey is closed: it takes no more answers."))
    elif wanted == Survey.Status.OPEN and survey.status == Survey.Status.CLOSED:
        actions.set_status(survey, Survey.Status.OPEN)
        messages.success(request, _("The survey is open again."))
    else:
        messages.error(request, _("That change of status is not possible now."))
    return redirect(_survey_url(request, survey))


@member_view("can_edit_journey")
def survey_delete(request: OrgRequest, pk: int) -> HttpResponse:
    survey = org_object_or_404(request, Survey, pk=pk)
    count = survey.responses.count()
    if request.method == "POST":
        name = survey.name
        survey.delete()
        messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
        return redirect("surveys:list", org=request.organization.slug)
    return render(request, "surveys/delete.html", {"survey": survey, "response_count": count})


@member_view()
def survey_preview(request: OrgRequest, pk: int) -> HttpResponse:
    """The draft exactly as a respondent would see it, without saving anything."""
    survey = org_object_or_404(request, Survey, pk=pk)
    questions = [q.frozen() for q in survey.questions.all()]
    texts = actions.frozen_texts(survey)
    languages = survey.languages or [request.organization.language]
    language = request.GET.get("lang") if request.GET.get("lang") in languages else languages[0]
    with translation.override(language):
        context = page_context(
            survey,
            texts,
            questions,
            language,
            request,
            questions=shown_questions(questions, language),
            preview=True,
        )
        return render(request, "surveys/respond/form.html", context)
