"""Audits: ready-made checklists matched to touchpoints, the walk, scores, findings."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from polku.conftest import client_for
from polku.improve import audits
from polku.improve.actions import improvement_from_finding
from polku.improve.models import Audit, AuditCheck, AuditResult, AuditTemplate, Improvement
from polku.journeys.models import Channel, Stage, Touchpoint


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def shop(org):
    """A store and a webshop touchpoint on the purchase stage (the default journey)."""
    stages = list(Stage.objects.filter(organization=org).order_by("position"))
    store = Channel.objects.get(organization=org, kind="store")
    webshop = Channel.objects.get(organization=org, kind="webshop")
    return {
        "counter": Touchpoint.objects.create(
            organization=org, stage=stages[2], channel=store, name="Counter"
        ),
        "advice": Touchpoint.objects.create(
            organization=org, stage=stages[1], channel=store, name="Advice"
        ),
        "checkout": Touchpoint.objects.create(
            organization=org, stage=stages[2], channel=webshop, name="Web checkout"
        ),
    }


@pytest.mark.parametrize("preset", list(audits.PRESETS))
def test_every_ready_made_checklist_in_both_languages(org, other_org, preset):
    for organization, language in ((org, "en"), (other_org, "fi")):
        template = audits.create_template(organization, "", preset)
        data = audits.PRESETS[preset]
        assert template.name == data["name"][language]
        sections = list(template.sections.all())
        assert [s.title for s in sections] == [s["title"][language] for s in data["sections"]]
        assert AuditCheck.objects.filter(section__template=template).count() == sum(
            len(s["checks"]) for s in data["sections"]
        )


def test_sections_find_their_touchpoints(org, shop):
    template = audits.create_template(org, "", "store_visit")
    arriving, advice, checkout = template.sections.all()
    assert (arriving.touchpoint, advice.touchpoint) == (shop["advice"], shop["advice"])
    assert checkout.touchpoint == shop["counter"]
    web = audits.create_template(org, "", "webshop_purchase")
    assert web.sections.get(title="Checkout and payment").touchpoint == shop["checkout"]


def test_an_audit_keeps_the_checklist_as_it_was(org, owner, shop):
    template = audits.create_template(org, "", "store_visit")
    audit = audits.start_audit(template, owner.memberships.get())
    AuditCheck.objects.filter(section__template=template).update(text="Changed")
    assert audit.results.count() == 9
    assert not audit.results.filter(text="Changed").exists()
    assert [s.title for s in audits.steps_of(audit)] == ["Arriving", "Advice", "Checkout"]


def test_an_empty_checklist_cannot_start(org, owner):
    template = audits.create_template(org, "Blank")
    with pytest.raises(ValidationError):
        audits.start_audit(template, owner.memberships.get())


def test_scores_per_step_and_overall(org, owner, shop):
    audit = audits.start_audit(
        audits.create_template(org, "", "phone_contact"), owner.memberships.get()
    )
    first, second = audits.steps_of(audit)
    a, b, c = first.results
    a.passed, b.passed = True, False  # c not checked: left out of the score
    score = second.results[1]
    score.score = 4  # 75 on the 0–100 scale
    for result in (a, b, score):
        result.save()
    first, second = audits.steps_of(audit)
    assert first.score == 50 and second.score == 75
    assert [r.text for r in first.failed] == [b.text]
    audits.finish_audit(audit)
    audit.refresh_from_db()
    assert audit.score == pytest.approx((100 + 0 + 75) / 3)


def test_finishing_needs_one_checked_item(org, owner):
    audit = audits.start_audit(
        audits.create_template(org, "", "phone_contact"), owner.memberships.get()
    )
    with pytest.raises(ValidationError):
        audits.finish_audit(audit)


def test_the_walk_on_a_phone(org, agent, shop, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    template = audits.create_template(org, "", "store_visit")
    client = client_for(agent)
    started = client.post(reverse("improve:audit_start", args=[org.slug, template.pk]))
    audit = Audit.objects.get()
    walk = reverse("improve:audit_walk", args=[org.slug, audit.pk])
    assert started["Location"] == walk
    page = client.get(walk).content.decode()
    assert "Touchpoint 1 of 3" in page and 'capture="environment"' in page
    greeting, hours, tidy = audit.results.filter(step=1).order_by("position")
    photo = io.BytesIO(png_bytes())
    photo.name = "snap.jpg"  # named as a JPEG, but it is a PNG: stored and served as one
    response = client.post(
        walk + "?step=1",
        {
            f"r{greeting.pk}": "pass",
            f"r{hours.pk}": "fail",
            f"note{hours.pk}": "Website says 9, door says 10",
            f"photo{hours.pk}": photo,
            f"r{tidy.pk}": "4",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == walk + "?step=2"
    hours.refresh_from_db()
    assert (hours.passed, hours.note) == (False, "Website says 9, door says 10")
    assert hours.photo.name.endswith(".png")
    served = client.get(reverse("improve:finding_photo", args=[org.slug, hours.pk]))
    assert served["Content-Type"] == "image/png"
    # Not an image: refused, nothing saved.
    bad = io.BytesIO(b"<script>alert(1)</script>")
    bad.name = "x.png"
    refused = client.post(walk + "?step=1", {f"r{greeting.pk}": "fail", f"photo{greeting.pk}": bad})
    assert refused.status_code == 200
    greeting.refresh_from_db()
    assert greeting.passed is True
    # The last step leads to the summary.
    assert client.post(walk + "?step=3", {})["Location"] == reverse(
        "improve:audit_detail", args=[org.slug, audit.pk]
    )


def test_a_viewer_cannot_walk(org, viewer_client, owner):
    audit = audits.start_audit(
        audits.create_template(org, "", "phone_contact"), owner.memberships.get()
    )
    walk = reverse("improve:audit_walk", args=[org.slug, audit.pk])
    assert viewer_client.get(walk).status_code == 403
    assert (
        viewer_client.get(reverse("improve:audit_detail", args=[org.slug, audit.pk])).status_code
        == 200
    )


def test_a_failed_item_becomes_an_improvement_in_one_click(org, owner_client, owner, shop):
    audit = audits.start_audit(
        audits.create_template(org, "", "store_visit"), owner.memberships.get()
    )
    failed = audit.results.get(step=3, position=0)
    failed.passed, failed.note = False, "Eight minutes in the queue"
    failed.save()
    url = reverse("improve:finding_improve", args=[org.slug, failed.pk])
    owner_client.post(url)
    owner_client.post(url)  # a second click finds the first
    item = Improvement.objects.get()
    assert (item.source, item.finding, item.touchpoint) == ("audit", failed, shop["counter"])
    assert "Eight minutes" in item.description
    summary = owner_client.get(reverse("improve:audit_detail", args=[org.slug, audit.pk]))
    assert reverse("improve:detail", args=[org.slug, item.pk]) in summary.content.decode()
    passed = audit.results.get(step=3, position=1)
    passed.passed = True
    passed.save()
    with pytest.raises(ValidationError):
        improvement_from_finding(passed, owner.memberships.get())


def test_audits_over_time(org, owner, shop):
    me = owner.memberships.get()
    template = audits.create_template(org, "", "phone_contact")
    for days_ago, passed in ((60, False), (5, True)):
        audit = audits.start_audit(template, me)
        audit.results.update(passed=passed)
        Audit.objects.filter(pk=audit.pk).update(
            started_at=timezone.now() - timedelta(days=days_ago)
        )
        audits.finish_audit(audit)
    (history,) = audits.history(org)
    assert history.columns == ["Answering the call", "Sorting out the matter"]
    assert [row[0].score for row in history.rows] == [pytest.approx(0), pytest.approx(100)]
    assert history.rows[1][1] == [100, 100]


def test_checklist_editing(org, manager, agent, shop):
    template = audits.create_template(org, "Own checklist")
    client = client_for(manager)
    url = reverse("improve:template_detail", args=[org.slug, template.pk])
    assert (
        client_for(agent).post(url, {"add_section": "1", "section-title": "X"}).status_code == 403
    )
    response = client.post(
        url,
        {"add_section": "1", "section-title": "Counter", "section-touchpoint": shop["counter"].pk},
    )
    section = template.sections.get()
    assert response["Location"] == reverse("improve:section_edit", args=[org.slug, section.pk])
    edit = reverse("improve:section_edit", args=[org.slug, section.pk])
    formset = {
        "title": "Counter",
        "touchpoint": shop["counter"].pk,
        "checks-TOTAL_FORMS": "2",
        "checks-INITIAL_FORMS": "0",
        "checks-0-text": "Receipt offered",
        "checks-0-kind": "pass_fail",
        "checks-1-text": "",
        "checks-1-kind": "pass_fail",  # an untouched empty row
    }
    assert client.post(edit, formset).status_code == 302
    assert list(section.checks.values_list("text", flat=True)) == ["Receipt offered"]
    check = section.checks.get()
    client.post(
        edit,
        formset
        | {
            "checks-INITIAL_FORMS": "1",
            "checks-0-id": check.pk,
            "checks-0-DELETE": "on",
        },
    )
    assert not section.checks.exists()
    # Deleting the checklist keeps the audits made with it.
    AuditCheck.objects.create(organization=org, section=section, text="Again")
    audit = audits.start_audit(template, manager.memberships.get())
    client.post(reverse("improve:template_delete", args=[org.slug, template.pk]))
    assert not AuditTemplate.objects.exists()
    audit.refresh_from_db()
    assert audit.template is None and AuditResult.objects.filter(audit=audit).count() == 1
