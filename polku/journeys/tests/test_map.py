from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from polku.cases.models import Case
from polku.journeys.models import Persona, Stage, Touchpoint


def test_map_shows_stages_as_columns_and_touchpoints_in_their_cell(viewer_client, org, journey):
    response = viewer_client.get(reverse("journeys:map", args=[org.slug]))
    html = response.content.decode()
    for stage in Stage.objects.filter(organization=org):
        assert f'<th scope="col">{stage.name}</th>' in html
    assert "Checkout" in html and "Three clicks to pay" in html
    rows = response.context["rows"]
    channel, cells = rows[0]
    assert channel == journey["channel"]
    assert [t.name for t in cells[0][1]] == ["Checkout"]
    # Viewers see no editing links.
    assert "add-cell" not in html


def test_map_for_one_persona_numbers_the_steps(viewer_client, org, journey):
    url = reverse("journeys:map", args=[org.slug]) + f"?persona={journey['persona'].pk}"
    response = viewer_client.get(url)
    html = response.content.decode()
    assert "Journey of Laura" in html
    assert '<span class="step-no">1.</span>Checkout' in html


def test_map_persona_of_other_org_or_garbage_is_404(viewer_client, org, other_org):
    foreign = Persona.objects.create(organization=other_org, name="Foreign")
    base = reverse("journeys:map", args=[org.slug])
    assert viewer_client.get(f"{base}?persona={foreign.pk}").status_code == 404
    assert viewer_client.get(f"{base}?persona=abc").status_code == 404


def test_empty_map_invites_to_add_touchpoints(manager_client, org):
    html = manager_client.get(reverse("journeys:map", args=[org.slug])).content.decode()
    assert "No touchpoints yet" in html
    assert "add-cell" in html  # editors get a + in every cell


def test_add_from_map_cell_prefills_stage_and_channel(manager_client, org, journey):
    stage, channel = journey["stage"], journey["channel"]
    url = reverse("journeys:section_create", args=[org.slug, "touchpoints"])
    form = manager_client.get(f"{url}?stage={stage.pk}&channel={channel.pk}").context["form"]
    assert form["stage"].value() == stage.pk and form["channel"].value() == channel.pk


def test_map_costs_a_fixed_number_of_queries(
    viewer_client, org, journey, django_assert_max_num_queries
):
    for i in range(30):
        touchpoint = Touchpoint.objects.create(
            organization=org, stage=journey["stage"], channel=journey["channel"], name=f"T{i}"
        )
        Case.objects.create(
            organization=org, touchpoint=touchpoint, summary="Late", due_at=timezone.now()
        )
    viewer_client.get(reverse("journeys:map", args=[org.slug]))  # first visit saves the session
    # The live figures add three: the rollups grouped by touchpoint, the open cases counted,
    # and the comment themes' totals grouped by touchpoint (what hurts each).
    with django_assert_max_num_queries(12):
        viewer_client.get(reverse("journeys:map", args=[org.slug]))
    with django_assert_max_num_queries(9):
        viewer_client.get(reverse("journeys:blueprint", args=[org.slug]))


def test_blueprint_has_frontstage_backstage_and_support_lanes(viewer_client, org, journey):
    t = journey["touchpoint"]
    t.frontstage, t.backstage, t.support_processes = "Pay button", "Fraud check", "PSP"
    t.save()
    html = viewer_client.get(reverse("journeys:blueprint", args=[org.slug])).content.decode()
    for text in (
        "Frontstage: what the customer sees",
        "Backstage: what happens behind it",
        "Support processes",
        "Pay button",
        "Fraud check",
        "PSP",
    ):
        assert text in html
    assert 'class="visibility"' in html


def test_print_stylesheet_lays_out_a4_landscape():
    css = open(finders.find("polku/polku.css")).read()
    assert "@media print" in css and "size: A4 landscape" in css


def test_persona_detail_lists_steps_in_order(viewer_client, org, journey):
    url = reverse("journeys:persona_detail", args=[org.slug, journey["persona"].pk])
    html = viewer_client.get(url).content.decode()
    assert "Their journey" in html and "Checkout" in html
    assert "Add a step" not in html  # viewers do not edit
