"""What each webhook message says. Called inside the transaction that makes the change."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from .models import Topic
from .sending import emit


def _case(case) -> dict:
    return {
        "id": case.pk,
        "kind": case.kind,
        "priority": case.priority,
        "status": case.status,
        "summary": case.summary,
        "customer_id": case.customer_id,
        "touchpoint_id": case.touchpoint_id,
        "response_id": case.response_id,
        "assignee": case.assignee.user.email if case.assignee_id else None,
        "created_at": case.created_at,
        "due_at": case.due_at,
        "url": settings.SITE_URL + reverse("cases:detail", args=[case.organization.slug, case.pk]),
    }


def response_created(response, answers: list[dict]) -> None:
    """`answers`: the stored answers' values by their field names."""
    emit(
        response.organization_id,
        Topic.RESPONSE_CREATED,
        lambda: {
            "id": response.pk,
            "survey_id": response.survey_id,
            "survey": response.survey.name,
            "touchpoint_id": response.touchpoint_id,
            "channel_id": response.channel_id,
            "customer_id": response.customer_id,
            "source": response.source,
            "language": response.language,
            "created_at": response.created_at,
            "nps": response.nps,
            "csat": response.csat,
            "ces": response.ces,
            "answers": [
                {
                    "question": a["question_key"],
                    "kind": a["kind"],
                    "number": a["number"],
                    "number2": a["number2"],
                    "text": a["text"],
                    "choices": a["choices"],
                }
                for a in answers
            ],
        },
    )


def case_created(case) -> None:
    emit(case.organization_id, Topic.CASE_CREATED, lambda: _case(case))


def case_overdue(case) -> None:
    emit(case.organization_id, Topic.CASE_OVERDUE, lambda: _case(case))
