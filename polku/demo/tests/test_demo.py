from django.core.management import call_command

from polku.accounts.models import Membership, Organization, Role
from polku.demo.loader import load_demo
from polku.journeys.models import Channel, Persona, PersonaStep, Stage, Touchpoint
from polku.outbox.models import OutboxEmail


def test_demo_is_a_believable_business(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo = load_demo()
    assert demo.slug == "demo" and demo.language == "fi"
    touchpoints = Touchpoint.objects.filter(organization=demo)
    assert touchpoints.count() >= 15
    assert touchpoints.values("stage").distinct().count() == 4
    assert touchpoints.values("channel").distinct().count() >= 5
    assert all(t.frontstage and t.backstage and t.support_processes for t in touchpoints)
    assert all(t.owner_id for t in touchpoints)
    assert touchpoints.filter(is_critical=True).exists()
    assert Persona.objects.filter(organization=demo).count() >= 3
    for persona in Persona.objects.filter(organization=demo):
        assert persona.steps.count() >= 3 and persona.need and persona.why_us
    assert Stage.objects.filter(organization=demo).count() == 4
    assert Channel.objects.filter(organization=demo).count() >= 5
    roles = set(Membership.objects.filter(organization=demo).values_list("role", flat=True))
    assert roles == {Role.OWNER, Role.MANAGER, Role.AGENT, Role.VIEWER}
    # A pending invitation shows what the outbox holds, in Finnish.
    assert OutboxEmail.objects.filter(organization=demo, subject__contains="kutsuttu").exists()
    # The second organization is in English, for trying the switcher.
    assert Organization.objects.get(slug="clearview").language == "en"


def test_demo_loads_once(db):
    load_demo()
    call_command("load_demo")
    assert Organization.objects.filter(slug="demo").count() == 1
    assert PersonaStep.objects.filter(organization__slug="demo").count() == 16


def test_demo_reset_recreates(db):
    load_demo()
    Touchpoint.objects.filter(organization__slug="demo").delete()
    call_command("load_demo", "--reset")
    assert Touchpoint.objects.filter(organization__slug="demo").count() == 17


def test_demo_outbox_has_this_weeks_digest(db, settings):
    settings.POLKU_WEEKLY_DIGEST = True
    demo = load_demo()
    digests = OutboxEmail.objects.filter(organization=demo, subject__contains="viikko")
    # The owner (the demo login) and the manager, in Finnish.
    assert sorted(digests.values_list("to", flat=True)) == ["demo@polku.test", "mikko@kaisla.test"]
    assert "NPS" in digests.first().body_text
