"""The segment pages, and a segment as a filter on every page that shows customers' answers."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from polku.automation.engine import apply_rules, send_due_invitations
from polku.automation.models import Invitation, Rule
from polku.cases.models import Case
from polku.conftest import client_for
from polku.customers.models import Consent, Customer, Event
from polku.insights.models import Segment
from polku.insights.segments import refresh
from polku.surveys.actions import Origin, submit_response
from polku.surveys.kinds import Parsed


@pytest.fixture
def vip(org):
    return Segment.objects.create(organization=org, name="VIP", tags=["vip"])


@pytest.fixture
def answered(org, survey, vip):
    """Ten promoters tagged vip, ten anonymous detractors; the VIP segment counted."""
    nps_key = survey.current_version.questions[0]["key"]
    for n in range(10):
        customer = Customer.objects.create(organization=org, name=f"Vip {n}", tags=["vip"])
        submit_response(
            survey.current_version,
            {nps_key: Parsed(number=10)},
            uuid.uuid4().hex,
            Origin(language="en", customer=customer),
        )
        submit_response(
            survey.current_version,
            {nps_key: Parsed(number=2)},
            uuid.uuid4().hex,
            Origin(language="en"),
        )
    refresh(vip)
    return vip


def url(name, org, *args):
    return reverse(name, args=[org.slug, *args])


def test_the_list_shows_members_and_conditions(viewer_client, org, answered):
    html = viewer_client.get(url("insights:segments", org)).content.decode()
    assert "VIP" in html and "tagged vip" in html and ">10<" in html
    assert "New segment" not in html  # viewers look, managers make


def test_a_manager_makes_a_segment_and_it_is_counted(manager_client, org, answered):
    response = manager_client.post(
        url("insights:segment_new", org), {"name": "Promoters", "nps_category": "promoter"}
    )
    assert response.status_code == 302
    made = Segment.objects.get(organization=org, name="Promoters")
    assert made.member_count == 10
    page = manager_client.get(response["Location"])
    assert "“Promoters” has 10 customers now." in page.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Empty"}, "Set at least one condition"),
        ({"name": "VIP", "tags": "x"}, "already in use"),
        ({"name": "Odd", "min_orders": "3", "max_orders": "1"}, "below the lower limit"),
        ({"name": "Odd", "bought_within_days": "30", "not_bought_days": "60"}, "No customer can"),
        ({"name": "Odd", "order_days": "30"}, "set a limit for either"),
        ({"name": "Odd", "tags": "a, b", "without_tags": "b"}, "both required and excluded"),
        ({"name": "Odd", "min_spend": "-5"}, "greater than or equal to 0"),
        ({"name": "Odd", "not_bought_days": "99999"}, "less than or equal to 3650"),
    ],
)
def test_bad_segments_are_refused_and_nothing_is_saved(manager_client, org, vip, data, message):
    response = manager_client.post(url("insights:segment_new", org), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(Segment.objects.filter(organization=org)) == [vip]


def test_agents_cannot_make_or_change_segments(org, agent, vip):
    client = client_for(agent)
    assert client.get(url("insights:segment_new", org)).status_code == 403
    assert client.post(url("insights:segment_edit", org, vip.pk), {"name": "X"}).status_code == 403
    assert client.post(url("insights:segment_delete", org, vip.pk)).status_code == 403
    assert Segment.objects.get(pk=vip.pk).name == "VIP"


def test_editing_recounts(manager_client, org, answered):
    response = manager_client.post(
        url("insights:segment_edit", org, answered.pk), {"name": "VIP", "tags": "nobody"}
    )
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.member_count == 0 and not answered.members.exists()


def test_count_now(manager_client, org, vip):
    Customer.objects.create(organization=org, tags=["vip"])
    response = manager_client.post(url("insights:segment_refresh", org, vip.pk))
    assert response.status_code == 302
    assert Segment.objects.get(pk=vip.pk).member_count == 1


def test_a_segment_used_by_a_rule_cannot_be_deleted(manager_client, org, vip, survey):
    Rule.objects.create(
        organization=org, event_kind="order_placed", survey=survey, delay_minutes=1, segment=vip
    )
    page = manager_client.get(url("insights:segment_delete", org, vip.pk)).content.decode()
    assert "is still used by rules" in page
    assert manager_client.post(url("insights:segment_delete", org, vip.pk)).status_code == 409
    assert Segment.objects.filter(pk=vip.pk).exists()
    Rule.objects.all().delete()
    assert manager_client.post(url("insights:segment_delete", org, vip.pk)).status_code == 302
    assert not Segment.objects.filter(pk=vip.pk).exists()


def test_a_persona_a_segment_uses_cannot_be_deleted(manager_client, org, journey):
    Segment.objects.create(organization=org, name="Lauras", persona=journey["persona"])
    delete = reverse("journeys:section_delete", args=[org.slug, "personas", journey["persona"].pk])
    assert "is still used by segments: Lauras" in manager_client.get(delete).content.decode()
    manager_client.post(delete)
    journey["persona"].refresh_from_db()


def test_the_overview_shows_only_the_segments_answers(viewer_client, org, answered):
    overview = url("insights:overview", org)
    everyone = viewer_client.get(overview).context["now"]
    vips = viewer_client.get(f"{overview}?segment={answered.pk}")
    assert (everyone.responses, everyone.nps.value) == (20, 0)
    assert (vips.context["now"].responses, vips.context["now"].nps.value) == (10, 100)
    html = vips.content.decode()
    assert "Only the answers of the 10 customers in the segment “VIP”." in html
    assert f"?days=90&amp;segment={answered.pk}" in html  # the period links keep it
    assert vips.context["open_cases"] == 0  # the detractors' cases are not the VIPs'


def test_every_figure_page_takes_the_segment(viewer_client, org, answered, journey, survey):
    query = f"?segment={answered.pk}"
    for page in (
        url("insights:people", org),
        url("insights:repeat", org),
        url("insights:touchpoint", org, journey["touchpoint"].pk),
        url("insights:survey", org, survey.pk),
        url("journeys:map", org),
        url("insights:compare", org),
        url("customers:list", org),
    ):
        response = viewer_client.get(page + query)
        assert response.status_code == 200, page
        assert response.context["segment"] == answered, page
    card = viewer_client.get(url("journeys:map", org) + query).content.decode()
    assert "NPS +100" in card


def test_a_segment_of_another_organization_is_not_found(viewer_client, org, other_org):
    theirs = Segment.objects.create(organization=other_org, name="Theirs", tags=["x"])
    for page in ("insights:overview", "journeys:map", "customers:list", "insights:compare"):
        assert viewer_client.get(url(page, org) + f"?segment={theirs.pk}").status_code == 404
    assert viewer_client.get(url("insights:overview", org) + "?segment=abc").status_code == 404


def test_the_answers_inbox_and_customers_filter_by_segment(owner_client, org, answered, survey):
    responses = owner_client.get(
        url("surveys:responses", org, survey.pk) + f"?segment={answered.pk}"
    )
    assert responses.context["page"].paginator.count == 10
    assert responses.context["figures"].nps == 100
    inbox = owner_client.get(url("cases:inbox", org) + f"?view=all&segment={answered.pk}")
    assert inbox.context["page"].paginator.count == 0
    assert Case.objects.filter(organization=org).count() == 10  # the detractors'
    customers = owner_client.get(url("customers:list", org) + f"?segment={answered.pk}")
    assert customers.context["page"].paginator.count == 10


def test_the_segment_picker_does_not_cost_a_query_per_segment(
    viewer_client, org, answered, django_assert_max_num_queries
):
    for n in range(5):
        Segment.objects.create(organization=org, name=f"S{n}", tags=[f"t{n}"])
    with django_assert_max_num_queries(30):
        viewer_client.get(url("insights:overview", org) + f"?segment={answered.pk}")


def test_a_rule_invites_only_the_segments_customers(org, survey, vip):
    now = timezone.now()
    Rule.objects.create(
        organization=org, event_kind="order_placed", survey=survey, delay_minutes=0, segment=vip
    )
    for name, tags in (("In", ["vip"]), ("Out", [])):
        customer = Customer.objects.create(
            organization=org, name=name, email=f"{name}@x.test", tags=tags
        )
        Consent.objects.create(customer=customer, purpose="surveys", granted=True, source="t")
        Event.objects.create(
            organization=org,
            customer=customer,
            kind=Event.Kind.ORDER_PLACED,
            occurred_at=now - timedelta(minutes=1),
            source="t",
        )
    apply_rules(now)
    send_due_invitations(now)
    states = dict(Invitation.objects.values_list("customer__name", "skip_reason"))
    assert states == {"In": "", "Out": Invitation.Skip.NOT_IN_SEGMENT}
    # Decided on the customer's figures when due, not on the hourly count (never run here).
    assert not vip.members.exists()


def test_the_rule_page_shows_the_segment(manager_client, org, survey, vip):
    response = manager_client.post(
        url("automation:rules", org),
        {
            "event_kind": "order_placed",
            "delay": "2",
            "delay_unit": "days",
            "survey": survey.pk,
            "segment": vip.pk,
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert Rule.objects.get().segment == vip
    assert "VIP" in manager_client.get(url("automation:rules", org)).content.decode()


def test_the_customer_page_shows_segments_and_sets_a_persona(owner_client, org, journey):
    customer = Customer.objects.create(organization=org, name="Laura M")
    lauras = Segment.objects.create(organization=org, name="Lauras", persona=journey["persona"])
    response = owner_client.post(
        url("customers:persona", org, customer.pk), {"persona": journey["persona"].pk}
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.persona == journey["persona"]
    assert lauras.members.filter(customer=customer).exists()  # counted at once
    page = owner_client.get(url("customers:detail", org, customer.pk)).content.decode()
    assert "Lauras" in page


def test_another_organizations_persona_cannot_be_set(owner_client, org, other_org):
    from polku.journeys.models import Persona

    theirs = Persona.objects.create(organization=other_org, name="Theirs")
    customer = Customer.objects.create(organization=org, name="C")
    owner_client.post(url("customers:persona", org, customer.pk), {"persona": theirs.pk})
    customer.refresh_from_db()
    assert customer.persona is None
