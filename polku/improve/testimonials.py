"""Testimonials: comments whose writers allowed publishing, kept with their consent, until
withdrawn; the library's filters and its CSV and HTML exports."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from polku.accounts.models import Membership, Organization
from polku.lib.sqlite_writes import one_writer
from polku.surveys.kinds import TEXT_KINDS, Kind, Parsed
from polku.surveys.models import Response, localized

from .models import Testimonial

# Library filters: the least score shown, on the 0–100 scale of `score_percent`.
GOOD_PERCENT = 75  # 4 of 5, 8 of 10
TOP_PERCENT = 100


def consented(questions: list[dict], answers: dict[str, Parsed]) -> bool:
    return any(
        q["kind"] == Kind.CONSENT and q["key"] in answers and answers[q["key"]].number == 1
        for q in questions
    )


def _quote(questions: list[dict], answers: dict[str, Parsed]) -> tuple[str, dict | None]:
    """The comments the consent speaks of ("my comment above") and the consent question."""
    texts: list[str] = []
    for q in questions:
        if q["kind"] == Kind.CONSENT:
            return "\n\n".join(texts), q
        parsed = answers.get(q["key"])
        if q["kind"] in TEXT_KINDS and parsed and parsed.text and parsed.text.strip():
            texts.append(parsed.text.strip())
    return "", None


def _headline_score(
    response: Response, questions: list[dict], answers: dict[str, Parsed]
) -> tuple[int, int, int] | None:
    """(score, lowest, highest) of the answer that says most about how it went."""
    if response.nps is not None:
        return response.nps, 0, 10
    if response.csat is not None:
        return response.csat, 1, 5
    for q in questions:
        parsed = answers.get(q["key"])
        if q["kind"] == Kind.RATING and parsed and parsed.number is not None:
            return parsed.number, 1, int(q.get("max") or 5)
    return None


def testimonial_for_response(
    response: Response, questions: list[dict], answers: dict[str, Parsed]
) -> Testimonial | None:
    """Keep a consented comment as a testimonial (call in the storing transaction)."""
    quote, consent_question = _quote(questions, answers)
    if not quote or consent_question is None:
        return None
    score = _headline_score(response, questions, answers)
    customer = response.customer
    return Testimonial.objects.create(
        organization_id=response.organization_id,
        response=response,
        survey_id=response.survey_id,
        touchpoint_id=response.touchpoint_id,
        customer=customer,
        quote=quote,
        # The consent wording promises the first name only.
        author_name=customer.name.split()[0] if customer and customer.name.strip() else "",
        score=score[0] if score else None,
        score_max=score[2] if score else None,
        score_percent=round(100 * (score[0] - score[1]) / (score[2] - score[1])) if score else None,
        consent_text=localized(consent_question["text"], response.language),
        language=response.language,
        consented_at=response.created_at,
        source=response.source,
    )


def withdraw(testimonial: Testimonial, by: Membership | None = None) -> bool:
    """Withdraw once; True if this call did it. `by` is None when the writer did it."""
    with one_writer():
        return bool(
            Testimonial.objects.filter(pk=testimonial.pk, withdrawn_at__isnull=True).update(
                withdrawn_at=timezone.now(), withdrawn_by=by
            )
        )


def library(
    organization: Organization, touchpoint=None, min_percent: int | None = None
) -> QuerySet[Testimonial]:
    """The testimonials that may be shown: never a withdrawn one."""
    testimonials = Testimonial.objects.filter(
        organization=organization, withdrawn_at__isnull=True
    ).select_related("touchpoint", "survey")
    if touchpoint is not None:
        testimonials = testimonials.filter(touchpoint=touchpoint)
    if min_percent is not None:
        testimonials = testimonials.filter(score_percent__gte=min_percent)
    return testimonials


def csv_rows(testimonials: QuerySet[Testimonial]) -> Iterator[list]:
    yield [
        "id",
        "quote",
        "name",
        "score",
        "out_of",
        "touchpoint",
        "survey",
        "source",
        "language",
        "consented_at",
        "consent_wording",
    ]
    for t in testimonials.iterator(chunk_size=500):
        yield [
            t.pk,
            t.quote,
            t.author_name,
            t.score if t.score is not None else "",
            t.score_max if t.score_max is not None else "",
            t.touchpoint.name if t.touchpoint else "",
            t.survey.name,
            t.source,
            t.language,
            timezone.localtime(t.consented_at).isoformat(timespec="seconds"),
            t.consent_text,
        ]


def html_snippet(testimonials: QuerySet[Testimonial], organization: Organization) -> str:
    """Plain, escaped HTML for the business's own website: no script, no outside request."""
    return render_to_string(
        "improve/testimonial_snippet.html",
        {"testimonials": testimonials, "organization": organization},
    ).strip()
