import re

from django.urls import reverse

from polku.outbox.models import OutboxEmail


def test_password_reset_by_email_link(client, owner, org, owner_client):
    response = client.post(reverse("accounts:password_reset"), {"email": "owner@a.test"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    email = OutboxEmail.objects.get()
    # A reset link is a key to the account: it is never filed under an organization.
    assert email.organization is None
    assert email.body_html
    outbox = owner_client.get(reverse("outbox:list", args=[org.slug])).content.decode()
    assert email.subject not in outbox
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", email.body_text).group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    response = client.post(
        form_url,
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert client.login(username="owner@a.test", password="a-brand-new-passphrase")


def test_unknown_address_looks_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@x.test"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert not OutboxEmail.objects.exists()
