from django.urls import reverse

from polku.conftest import client_for
from polku.outbox.models import OutboxEmail


def make_email(org, subject="Kiitos tilauksesta"):
    return OutboxEmail.objects.create(
        organization=org,
        from_email="shop@a.test",
        to="c@x.test",
        subject=subject,
        body_text="Hei!",
        body_html="<p>Hei <script>alert(1)</script></p>",
        status="kept",
    )


def test_owner_reads_outbox_list_and_message(owner_client, org, other_org):
    email = make_email(org)
    make_email(other_org, subject="Other shop's secret")
    page = owner_client.get(reverse("outbox:list", args=[org.slug])).content.decode()
    assert "Kiitos tilauksesta" in page
    assert "secret" not in page
    detail = owner_client.get(reverse("outbox:detail", args=[org.slug, email.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200
    # The HTML body is shown inside a sandboxed frame, escaped, never run on our page.
    assert "sandbox" in html and "<script>alert" not in html


def test_outbox_is_for_owners_only(org, manager, agent, viewer):
    for user in (manager, agent, viewer):
        assert client_for(user).get(reverse("outbox:list", args=[org.slug])).status_code == 403


def test_empty_outbox_says_so(owner_client, org):
    assert (
        "No emails yet"
        in owner_client.get(reverse("outbox:list", args=[org.slug])).content.decode()
    )
