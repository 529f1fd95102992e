"""Personal invitation links: signed, single-use, expiring, carrying who and where."""

import re
from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from polku.accounts.models import Membership
from polku.automation.actions import (
    create_invitation,
    invitation_from_token,
    invitation_path,
    invitation_submission_key,
    invitation_token,
)
from polku.automation.models import Invitation
from polku.customers.models import Customer
from polku.surveys.models import Response, Survey


def invitation_for(survey, org, agent=None, language="en"):
    customer = Customer.objects.create(
        organization=org, name="Pirjo", email="p@x.test", language=language
    )
    employee = Membership.objects.get(user=agent) if agent else None
    return create_invitation(survey, customer=customer, employee=employee)


def post_answer(client, invitation, nps="9", key=None):
    version = invitation.survey.current_version
    nps_key = version.questions[0]["key"]
    return client.post(
        invitation_path(invitation),
        {
            "submission": key or invitation_submission_key(invitation.pk),
            "version": version.pk,
            nps_key: nps,
            "src": "invitation",
        },
    )


def test_invitation_answer_carries_customer_touchpoint_channel_employee(client, survey, org, agent):
    invitation = invitation_for(survey, org, agent)
    page = client.get(invitation_path(invitation))
    assert page.status_code == 200 and 'lang="en"' in page.content.decode()
    assert post_answer(client, invitation).status_code == 303
    response = Response.objects.get()
    invitation.refresh_from_db()
    assert invitation.response == response
    assert response.source == "invitation"
    assert response.customer == invitation.customer
    assert response.employee.user == agent
    assert response.touchpoint == survey.touchpoint
    assert response.channel == survey.touchpoint.channel


def test_invitation_is_answered_once(client, survey, org):
    invitation = invitation_for(survey, org)
    post_answer(client, invitation, "9")
    again = post_answer(client, invitation, "2")
    assert again.status_code == 200 and "already answered" in again.content.decode()
    assert client.get(invitation_path(invitation)).status_code == 200
    assert Response.objects.get().nps == 9


def test_a_replayed_form_with_another_key_is_refused(client, survey, org):
    invitation = invitation_for(survey, org)
    response = post_answer(client, invitation, key="0" * 32)
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_forged_tampered_and_expired_links(client, survey, org):
    invitation = invitation_for(survey, org)
    forged = signing.dumps(invitation.pk, salt="another-salt")
    assert client.get(reverse("respond:invitation", args=[forged])).status_code == 404
    tampered = invitation_token(invitation)[:-2] + "xx"
    assert client.get(reverse("respond:invitation", args=[tampered])).status_code == 404
    assert client.get(reverse("respond:invitation", args=["garbage"])).status_code == 404
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(invitation_path(invitation)).status_code == 410
    assert post_answer(client, invitation).status_code == 410
    assert not Response.objects.exists()


def test_finnish_customer_gets_finnish_survey(client, survey, org):
    invitation = invitation_for(survey, org, language="fi")
    assert "Kiitos käynnistä!" in client.get(invitation_path(invitation)).content.decode()


def test_owner_makes_a_personal_link_in_the_ui(owner_client, survey, org, agent):
    url = reverse("surveys:invitations", args=[org.slug, survey.pk])
    employee = Membership.objects.get(user=agent)
    response = owner_client.post(
        url, {"email": "Asiakas@X.test", "name": "Aili", "employee": employee.pk}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.customer.email == "asiakas@x.test"
    assert invitation.employee == employee
    page = owner_client.get(url).content.decode()
    # The page signs the link as it is drawn (with the time, to the second): compare the
    # invitation it opens, not the text, which a second later is another valid link.
    tokens = re.findall(r"/i/([^/\"]+)/", page)
    assert {invitation_from_token(token) for token in tokens} == {invitation}


def test_viewer_cannot_make_links_and_closed_surveys_get_none(
    viewer_client, owner_client, survey, org
):
    url = reverse("surveys:invitations", args=[org.slug, survey.pk])
    assert viewer_client.post(url, {"email": "a@x.test"}).status_code == 403
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    owner_client.post(url, {"email": "a@x.test"})
    assert not Invitation.objects.exists()
