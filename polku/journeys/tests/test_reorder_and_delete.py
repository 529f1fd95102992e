from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from polku.accounts.actions import create_organization
from polku.accounts.models import User
from polku.journeys.actions import move
from polku.journeys.models import Channel, Persona, PersonaStep, Stage, Touchpoint


def names(org):
    return list(Stage.objects.filter(organization=org).values_list("name", flat=True))


def test_move_up_and_down_and_at_edges(manager_client, org):
    first, second, *_ = Stage.objects.filter(organization=org)
    move_url = reverse("journeys:section_move", args=[org.slug, "stages", second.pk])
    manager_client.post(move_url, {"direction": "up"})
    assert names(org)[:2] == [second.name, first.name]
    manager_client.post(move_url, {"direction": "up"})  # already first: nothing changes
    assert names(org)[:2] == [second.name, first.name]
    manager_client.post(move_url, {"direction": "sideways"})
    assert names(org)[:2] == [second.name, first.name]
    manager_client.post(move_url, {"direction": "down"})
    assert names(org)[:2] == [first.name, second.name]


def test_list_pages_show_the_hand_made_order(manager_client, org):
    """Regression: the counts on list pages once made the database forget the order."""
    first = Stage.objects.filter(organization=org).first()
    move(first, 1)
    for kind in ("stages", "channels", "personas"):
        rows = manager_client.get(reverse("journeys:section_list", args=[org.slug, kind])).context[
            "rows"
        ]
        assert list(rows) == sorted(rows, key=lambda row: (row.position, row.pk))
    rows = manager_client.get(reverse("journeys:section_list", args=[org.slug, "stages"]))
    assert rows.context["rows"][1] == first


def test_move_is_get_proof(manager_client, org):
    stage = Stage.objects.filter(organization=org).last()
    before = names(org)
    response = manager_client.get(
        reverse("journeys:section_move", args=[org.slug, "stages", stage.pk])
    )
    assert response.status_code == 405
    assert names(org) == before


def test_moving_a_touchpoint_stays_within_its_stage(org, journey):
    other_stage = Stage.objects.filter(organization=org).last()
    a = journey["touchpoint"]
    Touchpoint.objects.create(organization=org, stage=other_stage, channel=a.channel, name="X")
    b = Touchpoint.objects.create(
        organization=org, stage=a.stage, channel=a.channel, name="B", position=9
    )
    assert move(b, -1)
    ordered = list(Touchpoint.objects.filter(stage=a.stage).values_list("name", flat=True))
    assert ordered == ["B", a.name]
    assert not move(b, -1)


class MoveProperty(TestCase):
    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from([-1, 1])), max_size=12))
    def test_moves_permute_and_renumber(self, moves):
        owner = User.objects.create_user("p@x.test", "pw-long-enough", display_name="P")
        org = create_organization("Prop", owner, "en")
        for i in range(2):
            Stage.objects.create(organization=org, name=f"Extra {i}", position=0)  # ties
        original = set(names(org))
        expected = names(org)
        moved_any = False
        for index, offset in moves:
            stages = list(Stage.objects.filter(organization=org).order_by("position", "pk"))
            index %= len(stages)
            if move(stages[index], offset):
                moved_any = True
                expected.insert(index + offset, expected.pop(index))
        assert set(names(org)) == original
        assert names(org) == expected
        if moved_any:  # a real move renumbers the group, repairing the ties
            positions = list(
                Stage.objects.filter(organization=org).values_list("position", flat=True)
            )
            assert positions == sorted(set(positions))


def test_stage_with_touchpoints_cannot_be_deleted(manager_client, org, journey):
    delete_url = reverse("journeys:section_delete", args=[org.slug, "stages", journey["stage"].pk])
    page = manager_client.get(delete_url).content.decode()
    assert "1 touchpoint is still in" in page
    response = manager_client.post(delete_url)
    assert response.status_code == 409
    assert Stage.objects.filter(pk=journey["stage"].pk).exists()


def test_channel_with_touchpoints_cannot_be_deleted_but_empty_one_can(manager_client, org, journey):
    busy = journey["channel"]
    manager_client.post(reverse("journeys:section_delete", args=[org.slug, "channels", busy.pk]))
    assert Channel.objects.filter(pk=busy.pk).exists()
    empty = Channel.objects.filter(organization=org).exclude(pk=busy.pk).first()
    response = manager_client.post(
        reverse("journeys:section_delete", args=[org.slug, "channels", empty.pk])
    )
    assert response.status_code == 302
    assert not Channel.objects.filter(pk=empty.pk).exists()


def test_deleting_touchpoint_asks_first_and_removes_its_persona_steps(manager_client, org, journey):
    t = journey["touchpoint"]
    delete_url = reverse("journeys:section_delete", args=[org.slug, "touchpoints", t.pk])
    page = manager_client.get(delete_url).content.decode()
    assert "removed from 1 persona journey step" in page
    assert Touchpoint.objects.filter(pk=t.pk).exists()
    manager_client.post(delete_url)
    assert not Touchpoint.objects.filter(pk=t.pk).exists()
    assert not PersonaStep.objects.exists()
    assert Persona.objects.exists()


def test_step_delete_and_move(manager_client, org, journey):
    persona, step = journey["persona"], journey["step"]
    second = PersonaStep.objects.create(
        organization=org, persona=persona, touchpoint=journey["touchpoint"], position=5
    )
    manager_client.post(
        reverse("journeys:step_move", args=[org.slug, persona.pk, second.pk]), {"direction": "up"}
    )
    assert list(persona.steps.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        step.pk,
    ]
    manager_client.post(reverse("journeys:step_delete", args=[org.slug, persona.pk, step.pk]))
    assert list(persona.steps.values_list("pk", flat=True)) == [second.pk]
