"""State changes of surveys: creating from presets, publishing versions, storing responses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from polku.accounts.models import Membership, Organization
from polku.cases.actions import case_for_response, comments_of, store_case_for_response
from polku.customers.models import Customer
from polku.improve.testimonials import consented, testimonial_for_response
from polku.insights.rollups import add_response
from polku.journeys.models import Channel, Touchpoint
from polku.lib.fast_insert import adapt_rows, insert_objects, insert_rows
from polku.lib.sqlite_writes import one_writer
from polku.webhooks import events as webhook_events

from .kinds import CHOICE_KINDS, Kind, Parsed
from .models import Answer, Question, Response, Survey, SurveyVersion
from .presets import PRESETS


def keyed_choices(choices: list[dict]) -> list[dict]:
    return [{"key": f"c{i}", "text": text} for i, text in enumerate(choices, start=1)]


@transaction.atomic
def create_survey(
    organization: Organization,
    name: str,
    *,
    preset: str = "",
    touchpoint: Touchpoint | None = None,
    languages: list[str],
) -> Survey:
    """A draft survey, from a preset's texts and questions or blank."""
    spec = PRESETS.get(preset)

    def only(texts: dict) -> dict:
        return {lang: texts[lang] for lang in languages if texts.get(lang)}

    survey = Survey.objects.create(
        organization=organization,
        name=name,
        preset=preset if spec else "",
        touchpoint=touchpoint,
        title=only(spec["title"]) if spec else {lang: name for lang in languages},
        intro=only(spec["intro"]) if spec else {},
        thanks=only(spec["thanks"]) if spec else {},
    )
    for position, q in enumerate(spec["questions"] if spec else []):
        Question.objects.create(
            organization=organization,
            survey=survey,
            position=position,
            kind=q["kind"],
            text=only(q["text"]),
            help=only(q.get("help", {})),
            required=q.get("required", False),
            choices=[
                {"key": c["key"], "text": only(c["text"])}
                for c in keyed_choices(q.get("choices", []))
            ],
            max_rating=q.get("max", 5),
        )
    return survey


def publish_problems(survey: Survey) -> list[str]:
    """What keeps the draft from being published, in words for the editor."""
    problems = []
    languages = survey.languages
    if not languages:
        problems.append(_("Give the survey a title."))
    questions = list(survey.questions.all())
    if not questions:
        problems.append(_("Add at least one question."))
    for n, q in enumerate(questions, start=1):
        missing = [lang for lang in languages if not q.text.get(lang)]
        if missing:
            problems.append(
                _("Question %(n)d has no text in: %(languages)s.")
                % {"n": n, "languages": ", ".join(missing)}
            )
        if q.kind in CHOICE_KINDS and len(q.choices) < 2:
            problems.append(_("Question %(n)d needs at least two options.") % {"n": n})
    return problems


def frozen_texts(survey: Survey) -> dict:
    return {
        "title": survey.title,
        "intro": survey.intro,
        "thanks": survey.thanks,
        "incentive": survey.incentive,
        "review_url": survey.review_url,
    }


def has_unpublished_changes(survey: Survey) -> bool:
    version = survey.current_version
    if version is None:
        return True
    draft = [q.frozen() for q in survey.questions.all()]
    return draft != version.questions or frozen_texts(survey) != version.texts


@transaction.atomic
def publish(survey: Survey) -> SurveyVersion:
    """Freeze the draft into the version respondents answer, and open the survey.

    A version nobody has answered yet is simply replaced; once answers exist they keep
    pointing at the questions they answered, and the draft becomes a new version.
    """
    Survey.objects.select_for_update().filter(pk=survey.pk).first()  # one publish at a time
    survey.refresh_from_db()
    questions = [q.frozen() for q in survey.questions.all()]
    current = survey.current_version
    if current is not None and not current.responses.exists():
        current.questions, current.texts = questions, frozen_texts(survey)
        current.created_at = timezone.now()
        current.save()
        version = current
    else:
        number = (survey.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = SurveyVersion.objects.create(
            organization=survey.organization,
            survey=survey,
            number=number,
            questions=questions,
            texts=frozen_texts(survey),
        )
    survey.current_version = version
    survey.status = Survey.Status.OPEN
    survey.save(update_fields=["current_version", "status"])
    return version


def set_status(survey: Survey, status: str) -> None:
    survey.status = status
    survey.save(update_fields=["status"])


@dataclass
class Origin:
    """Where a response comes from; copied onto the response."""

    source: str = Response.Source.LINK
    language: str = "fi"
    channel: Channel | None = None
    employee: Membership | None = None
    touchpoint: Touchpoint | None = None  # else the survey's
    customer: Customer | None = None
    at: datetime | None = None  # when answered, if not now (imports, the demo)


# An answer's columns after its response's (whose id is known only once it is stored).
ANSWER_COLUMNS = ("question_key", "kind", "number", "number2", "text", "choices")


def _first(answers: dict[str, Parsed], questions: list[dict], kind: str) -> int | None:
    for q in questions:
        if q["kind"] == kind and q["key"] in answers:
            return answers[q["key"]].number
    return None


def submit_response(
    version: SurveyVersion, answers: dict[str, Parsed], submission_key: str, origin: Origin
) -> tuple[Response, bool]:
    """Store a response once per submission key; (response, created).

    A double click or a retried POST carries the same key and gets the first response back:
    the unique constraint on (survey, key) decides, so two racing requests store one row.
    The running totals are updated in the same transaction.
    """
    survey = version.survey
    questions = version.questions
    kinds = {q["key"]: q["kind"] for q in questions}
    touchpoint = origin.touchpoint or survey.touchpoint
    channel = origin.channel or (touchpoint.channel if touchpoint else None)
    comments = comments_of(questions, answers)
    keep_testimonial = bool(comments) and consented(questions, answers)
    # Everything that needs no database is made before the write transaction: on SQLite
    # one writer at a time holds it, so its length bounds how many answers a second are
    # stored (bench/README.md).
    response = Response(
        organization_id=survey.organization_id,
        survey=survey,
        version=version,
        touchpoint=touchpoint,
        channel=channel,
        employee=origin.employee,
        customer=origin.customer,
        source=origin.source,
        language=origin.language,
        submission_key=submission_key,
        created_at=origin.at or timezone.now(),
        nps=_first(answers, questions, Kind.NPS),
        csat=_first(answers, questions, Kind.CSAT),
        ces=_first(answers, questions, Kind.CES),
        has_comment=bool(comments),
    )
    # The answers as rows, not model instances: a tenth of an answer's time went into
    # building instances (bench/README.md).
    stored = [
        (key, kinds[key], parsed.number, parsed.number2, parsed.text or "", parsed.choices)
        for key, parsed in answers.items()
        if not parsed.is_empty
    ]
    answer_rows = adapt_rows(Answer, ANSWER_COLUMNS, stored)
    answer_values = [dict(zip(ANSWER_COLUMNS, row, strict=True)) for row in stored]
    scored = [(kinds[key], p.number, p.number2) for key, p in answers.items()]
    # Every comment and every low score becomes a case, in the same transaction.
    case = case_for_response(response, survey.organization, comments)
    try:
        with one_writer(), transaction.atomic():
            insert_objects([response])
            insert_rows(
                Answer,
                ("response", *ANSWER_COLUMNS),
                [[response.pk, *row] for row in answer_rows],
                adapted=True,
            )
            add_response(response, scored)
            if case is not None:
                store_case_for_response(case, response)
            webhook_events.response_created(response, answer_values)
            if keep_testimonial:
                testimonial_for_response(response, questions, answers)
    except IntegrityError:
        # Another request with the same key won the race: that one is the response.
        return Response.objects.get(survey=survey, submission_key=submission_key), False
    return response, True
