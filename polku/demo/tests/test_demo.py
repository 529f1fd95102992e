from django.core.management import call_command
from django.urls import reverse

from polku.accounts.models import Membership, Organization, Role
from polku.demo.loader import DEMO_EMAIL, DEMO_PASSWORD, load_demo
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


def test_demo_login_shows_the_journey_map(client, db):
    load_demo()
    response = client.post(
        reverse("accounts:login"), {"username": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get(client.get(reverse("home"))["Location"], HTTP_ACCEPT_LANGUAGE="fi")
    html = page.content.decode()
    for stage in ("Lähtötila", "Ennen ostosta", "Ostotapahtuma", "Oston jälkeen"):
        assert stage in html
    assert "Kauneuspuoti Kaisla" in html


def test_demo_reset_recreates(db):
    load_demo()
    Touchpoint.objects.filter(organization__slug="demo").delete()
    call_command("load_demo", "--reset")
    assert Touchpoint.objects.filter(organization__slug="demo").count() == 17


def test_demo_uses_every_survey_preset_with_answers(db):
    from polku.surveys.models import Response, ResponseRollup, Survey
    from polku.surveys.presets import PRESETS

    load_demo()
    demo_surveys = Survey.objects.filter(organization__slug="demo")
    assert set(PRESETS) <= set(demo_surveys.values_list("preset", flat=True))
    for survey in demo_surveys.exclude(current_version=None):
        assert survey.responses.count() >= 15
        assert survey.touchpoint is not None
    assert Response.objects.filter(source="qr", channel__kind="store").exists()
    assert Response.objects.filter(source="widget").exists()
    assert Response.objects.filter(has_comment=True).count() > 50
    rollup_total = sum(ResponseRollup.objects.values_list("responses", flat=True))
    assert rollup_total == Response.objects.count()


def test_demo_has_personal_links_one_answered(db):
    from polku.automation.models import Invitation

    load_demo()
    links = Invitation.objects.filter(organization__slug="demo")
    assert links.count() == 3
    answered = links.exclude(response=None).get()
    assert answered.response.customer == answered.customer
    assert answered.response.employee.user.email == "aino@kaisla.test"


def test_demo_customers_have_events_and_consents(db):
    from polku.customers.models import Consent, Customer, Event

    load_demo()
    kinds = set(Event.objects.filter(organization__slug="demo").values_list("kind", flat=True))
    assert {"order_placed", "order_delivered", "order_delayed", "complaint", "store_visit"} <= kinds
    assert Customer.objects.filter(organization__slug="demo").count() >= 8
    assert Consent.objects.filter(purpose="surveys", granted=True).count() >= 8
    # The customers of the personal links and of the webshop are the same people.
    laura = Customer.objects.get(organization__slug="demo", email="laura.makinen@example.fi")
    assert laura.events.exists() and laura.invitations.exists()
