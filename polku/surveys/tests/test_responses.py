"""Reading answers: filters, figures, detail, CSV and XLSX exports."""

import csv
import io
import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from openpyxl import load_workbook

from polku.accounts.actions import create_organization
from polku.accounts.models import User
from polku.conftest import make_journey
from polku.surveys.actions import Origin, create_survey, publish, submit_response
from polku.surveys.figures import figures_of, nps
from polku.surveys.kinds import Parsed
from polku.surveys.models import Response, ResponseRollup


def answer(survey, nps_score=None, comment="", rating=None):
    version = survey.current_version
    nps_key, rating_key, _best, _consent, better_key = [q["key"] for q in version.questions]
    answers = {}
    if nps_score is not None:
        answers[nps_key] = Parsed(number=nps_score)
    if rating is not None:
        answers[rating_key] = Parsed(number=rating)
    if comment:
        answers[better_key] = Parsed(text=comment)
    response, _ = submit_response(version, answers, uuid.uuid4().hex, Origin(language="fi"))
    return response


def url(name, org, *args):
    return reverse(f"surveys:{name}", args=[org.slug, *args])


def test_nps_arithmetic():
    assert nps(5, 2, 10) == 30
    assert nps(0, 0, 0) is None


def test_list_filters_and_figures(viewer_client, survey, org):
    for score in (10, 9, 8, 3):
        answer(survey, score, comment="Parking" if score == 3 else "")
    old = answer(survey, 0)
    old.created_at = timezone.now() - timedelta(days=40)
    old.save()
    page = viewer_client.get(url("responses", org, survey.pk))
    assert page.context["figures"].responses == 5
    assert page.context["figures"].nps == 0  # 2 promoters − 2 detractors of 5
    detractors = viewer_client.get(url("responses", org, survey.pk) + "?band=detractors")
    assert detractors.context["figures"].responses == 2
    recent = (timezone.localdate() - timedelta(days=7)).isoformat()
    page = viewer_client.get(url("responses", org, survey.pk) + f"?start={recent}&comment=on")
    assert [r.nps for r in page.context["page"].object_list] == [3]
    bad = viewer_client.get(url("responses", org, survey.pk) + "?start=yesterday")
    assert bad.status_code == 200 and bad.context["figures"].responses == 0


def test_detail_shows_the_questions_of_the_version_answered(viewer_client, survey, org):
    response = answer(survey, 6, comment="Kassalla jonoa", rating=4)
    html = viewer_client.get(url("response_detail", org, survey.pk, response.pk)).content
    html = html.decode()
    assert "Kassalla jonoa" in html and "4 / 5" in html


def test_csv_export_streams_every_response_with_filters(viewer_client, survey, org):
    for score in range(11):
        answer(survey, score, comment=f'=HYPERLINK("x") {score}' if score == 0 else "")
    response = viewer_client.get(url("export_csv", org, survey.pk))
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["id", "time", "language"]
    assert len(rows) == 12
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)
    filtered = viewer_client.get(url("export_csv", org, survey.pk) + "?band=promoters")
    assert len(b"".join(filtered.streaming_content).decode().splitlines()) == 3


def test_xlsx_export(viewer_client, survey, org):
    answer(survey, 9, comment="Hyvä")
    response = viewer_client.get(url("export_xlsx", org, survey.pk))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert len(rows) == 2 and "Hyvä" in rows[1]


def test_export_reads_in_batches(survey, django_assert_max_num_queries, monkeypatch):
    from polku.surveys import export

    monkeypatch.setattr(export, "BATCH", 5)
    for score in range(23):
        answer(survey, score % 11)
    with django_assert_max_num_queries(20):
        rows = list(export.rows(survey, Response.objects.filter(survey=survey), "fi"))
    assert len(rows) == 24 and len({row[0] for row in rows[1:]}) == 23


class RollupsAgreeWithRawResponses(TestCase):
    @settings(max_examples=25, deadline=None)
    @given(
        st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 10)), st.booleans()), max_size=15)
    )
    def test_rollup_matches_recompute(self, entries):
        owner = User.objects.create_user("r@x.test", "pw-long-enough", display_name="R")
        org = create_organization("Rollup", owner, "fi")
        journey = make_journey(org)
        survey = create_survey(
            org, "S", preset="store_visit", touchpoint=journey["touchpoint"], languages=["fi"]
        )
        publish(survey)
        for score, comment in entries:
            answer(survey, score, comment="Kommentti" if comment else "")
        totals = {
            "responses": 0,
            "nps_count": 0,
            "nps_promoters": 0,
            "nps_detractors": 0,
            "comments": 0,
        }
        for rollup in ResponseRollup.objects.filter(survey=survey):
            for field in totals:
                totals[field] += getattr(rollup, field)
        figures = figures_of(Response.objects.filter(survey=survey))
        assert totals["responses"] == figures.responses == len(entries)
        assert totals["nps_count"] == figures.nps_count
        assert totals["comments"] == figures.comments
        assert (
            nps(totals["nps_promoters"], totals["nps_detractors"], totals["nps_count"])
            == figures.nps
        )
