"""Respondent pages: the public link, the QR and widget entries, and the thank-you page.

They work without JavaScript and without cookies (so they also work inside a widget's
frame on another site); exactly-once storage rests on the form's submission key.
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt

from polku.automation.actions import invitation_from_token, invitation_submission_key
from polku.improve.models import Testimonial
from polku.improve.testimonials import consented
from polku.journeys.models import Channel
from polku.lib.ratelimit import allow

from ..actions import Origin, submit_response
from ..kinds import estimate_text
from ..lookup import survey_by_public_id
from ..models import Response, Survey, SurveyVersion, languages_of, localized
from ..respondent import LANGUAGE_NAMES, read_submission, shown_questions, unknown_fields

SUBMISSION_KEY = re.compile(r"^[0-9a-f]{32}$")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def see_other(url: str) -> HttpResponseRedirect:
    """303: the browser follows with a GET, so a reload never posts the answers again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def respondent_language(
    request: HttpRequest, survey: Survey, languages: list[str], preferred: str = ""
) -> str:
    asked = request.GET.get("lang") or request.POST.get("lang")
    for candidate in (asked, preferred, translation.get_language_from_request(request)):
        if candidate in languages:
            return candidate
    return languages[0] if languages else settings.LANGUAGE_CODE


def _source(request: HttpRequest) -> str:
    value = request.GET.get("src") or request.POST.get("src") or ""
    return value if value in Response.Source.values else Response.Source.LINK


def _channel(request: HttpRequest, survey: Survey) -> Channel | None:
    kind = request.GET.get("ch") or request.POST.get("ch")
    if not kind:
        return None
    return Channel.objects.filter(organization_id=survey.organization_id, kind=kind).first()


def page_context(
    survey: Survey,
    version_texts: dict,
    frozen_questions: list[dict],
    language: str,
    request: HttpRequest,
    **extra,
) -> dict:
    languages = languages_of(version_texts["title"])
    return {
        "survey": survey,
        "language": language,
        "title": localized(version_texts["title"], language),
        "intro": localized(version_texts.get("intro", {}), language),
        "estimate": estimate_text(frozen_questions),
        "other_languages": [
            (lang, LANGUAGE_NAMES.get(lang, lang)) for lang in languages if lang != language
        ],
        "src": _source(request),
        "ch": request.GET.get("ch") or request.POST.get("ch") or "",
        **extra,
    }


def _closed(request: HttpRequest, survey: Survey) -> HttpResponse:
    language = respondent_language(request, survey, survey.languages)
    with translation.override(language):
        return render(
            request,
            "surveys/respond/closed.html",
            {"survey": survey, "language": language},
            status=410,
        )


REFUSALS = {
    413: gettext_lazy("The answer is too large to be received."),
    415: gettext_lazy("Answers must be sent with the survey's form."),
    429: gettext_lazy("Too many answers from your address just now. Please try again in a minute."),
    400: gettext_lazy(
        "The form is incomplete or names questions this survey does not have. "
        "Nothing was saved. Open the survey again to answer."
    ),
}


def _refuse(request: HttpRequest, survey: Survey, status: int) -> HttpResponse:
    language = respondent_language(request, survey, survey.languages)
    with translation.override(language):
        return render(
            request,
            "surveys/respond/refused.html",
            {"survey": survey, "language": language, "message": str(REFUSALS[status])},
            status=status,
        )


@csrf_exempt
@xframe_options_exempt
def respond(request: HttpRequest, public_id: str) -> HttpResponse:
    survey = survey_by_public_id(public_id)
    if survey.status != Survey.Status.OPEN or survey.current_version is None:
        return _closed(request, survey)
    return _answer(request, survey)


@csrf_exempt
@xframe_options_exempt
def respond_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """A personal link: answered once, by the customer it was made for."""

    invitation = invitation_from_token(token)
    if invitation is None:
        return render(request, "surveys/respond/invalid_link.html", {"language": "fi"}, status=404)
    survey = invitation.survey
    customer_language = invitation.customer.language if invitation.customer else ""
    language = respondent_language(request, survey, survey.languages, customer_language)
    key = invitation_submission_key(invitation.pk)
    answered = (
        invitation.response_id
        or Response.objects.filter(survey=survey, submission_key=key).exists()
    )
    if answered:
        with translation.override(language):
            return render(
                request,
                "surveys/respond/already_answered.html",
                {"survey": survey, "language": language},
            )
    if (
        invitation.is_expired
        or survey.status != Survey.Status.OPEN
        or survey.current_version is None
    ):
        return _closed(request, survey)
    return _answer(request, survey, invitation=invitation)


def _answer(request: HttpRequest, survey: Survey, invitation=None) -> HttpResponse:

    if request.method == "POST":
        return _submit(request, survey, invitation)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    version = survey.current_version
    preferred = invitation.customer.language if invitation and invitation.customer else ""
    language = respondent_language(request, survey, survey.languages, preferred)
    submission = invitation_submission_key(invitation.pk) if invitation else uuid.uuid4().hex
    with translation.override(language):
        context = page_context(
            survey,
            version.texts,
            version.questions,
            language,
            request,
            questions=shown_questions(version.questions, language),
            version=version,
            submission=submission,
        )
        return render(request, "surveys/respond/form.html", context)


def _version_answered(survey: Survey, value: str) -> SurveyVersion | None:
    """The version the form was shown with: usually the current one, already loaded."""
    if not value.isdigit():
        return None
    if survey.current_version_id == int(value):
        version = survey.current_version
    else:
        version = SurveyVersion.objects.filter(survey=survey, pk=int(value)).first()
    if version is not None:
        version.survey = survey  # saves fetching the survey again
    return version


def _submit(request: HttpRequest, survey: Survey, invitation=None) -> HttpResponse:

    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > settings.POLKU_RESPONSE_MAX_BYTES:
        return _refuse(request, survey, 413)
    if not request.content_type or not request.content_type.startswith(FORM_TYPES):
        return _refuse(request, survey, 415)
    if not allow(f"respond:{survey.pk}", request, settings.POLKU_RESPONSE_RATE_LIMIT):
        return _refuse(request, survey, 429)
    data = request.POST
    thanks_url = reverse("respond:thanks", args=[survey.public_id])
    if data.get("website"):
        # A bot filled the field people never see: thank it and keep nothing.
        return see_other(thanks_url)
    submission = data.get("submission", "")
    version = _version_answered(survey, data.get("version") or "")

    if invitation is not None and submission != invitation_submission_key(invitation.pk):
        version = None  # a key that is not this invitation's: a forged or mixed-up form
    if not SUBMISSION_KEY.match(submission) or version is None:
        return _refuse(request, survey, 400)
    questions = version.questions
    if unknown_fields(questions, data):
        return _refuse(request, survey, 400)
    preferred = invitation.customer.language if invitation and invitation.customer else ""
    language = respondent_language(request, survey, survey.languages, preferred)
    with translation.override(language):  # the messages are for the respondent
        answers, errors = read_submission(questions, data)
    if errors:
        with translation.override(language):
            context = page_context(
                survey,
                version.texts,
                questions,
                language,
                request,
                questions=shown_questions(questions, language, data, errors),
                version=version,
                submission=submission,
                has_errors=True,
            )
            return render(request, "surveys/respond/form.html", context, status=400)
    if invitation is None:
        origin = Origin(
            source=_source(request), language=language, channel=_channel(request, survey)
        )
    else:
        origin = Origin(
            source=Response.Source.INVITATION,
            language=language,
            touchpoint=invitation.touchpoint,
            channel=invitation.channel,
            employee=invitation.employee,
            customer=invitation.customer,
        )
    response, _created = submit_response(version, answers, submission, origin)
    if invitation is not None:
        type(invitation).objects.filter(pk=invitation.pk, response__isnull=True).update(
            response=response
        )
    thanks_url = f"{thanks_url}?lang={language}"
    if consented(questions, answers):
        # The thank-you page gives the writer the link to withdraw their consent.
        token = (
            Testimonial.objects.filter(response=response)
            .values_list("withdrawal_token", flat=True)
            .first()
        )
        if token:
            thanks_url += f"&w={token}"
    return see_other(thanks_url)


@xframe_options_exempt
def thanks(request: HttpRequest, public_id: str) -> HttpResponse:
    survey = get_object_or_404(
        Survey.objects.select_related("current_version"), public_id=public_id
    )
    texts = (
        survey.current_version.texts
        if survey.current_version
        else {
            "title": survey.title,
            "thanks": survey.thanks,
            "incentive": survey.incentive,
            "review_url": survey.review_url,
        }
    )
    language = respondent_language(request, survey, survey.languages)
    token = request.GET.get("w", "")
    testimonial = (
        Testimonial.objects.filter(
            withdrawal_token=token, survey=survey, withdrawn_at__isnull=True
        ).first()
        if token
        else None
    )
    with translation.override(language):
        return render(
            request,
            "surveys/respond/thanks.html",
            {
                "survey": survey,
                "language": language,
                "title": localized(texts["title"], language),
                "thanks": localized(texts.get("thanks", {}), language),
                "incentive": localized(texts.get("incentive", {}), language),
                "review_url": texts.get("review_url", ""),
                "testimonial": testimonial,
            },
        )
