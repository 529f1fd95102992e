"""Walks every route of the project: organizations cannot see or change each other's data.

A new route with a URL argument this test does not know fails here until it is added to
OBJECT_FOR_ROUTE, so every route is covered the day it is added.
"""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from polku.accounts.apikeys import create_api_key
from polku.accounts.models import MemberInvite, Membership, Role
from polku.automation.models import Rule
from polku.cases.models import Case
from polku.conftest import add_member, client_for, make_journey
from polku.customers.models import Customer, WebhookEndpoint
from polku.improve import audits
from polku.improve import models as improve
from polku.insights.models import Segment
from polku.journeys.views import SECTIONS
from polku.outbox.models import OutboxEmail
from polku.surveys.actions import Origin, create_survey, publish, submit_response
from polku.surveys.models import Answer
from polku.text.models import Comment, Theme
from polku.webhooks.models import Subscription

# A 1×1 GIF, for an audit finding's photo.
TINY_GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"

# Routes anyone may open without logging in.
PUBLIC_ROUTES = {
    "accounts:login",
    "accounts:login_code",
    "accounts:signup",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invite_accept",
    "set_language",
    "healthz",
    "home",
    "respond:survey",
    "respond:thanks",
    "respond:invitation",
    "webhook",
    "unsubscribe",
    "inbound_email",
    "testimonial_withdraw",
    "digest_stop",
}
# Routes without organization data (the user's own account).
ACCOUNT_ROUTES = {
    "accounts:logout",
    "accounts:profile",
    "accounts:two_factor",
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:organization_new",
}


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin: staff only, tested by Django itself
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


ROUTES = sorted(set(walk(get_resolver().url_patterns)))


def objects_of(organization, owner_user) -> dict:
    """One object of every kind a route may name, all in `organization`."""
    journey = make_journey(organization, prefix="x-")
    member = add_member(organization, Role.AGENT, f"member-{organization.slug}@x.test")
    invite = MemberInvite.objects.create(
        organization=organization,
        email=f"invitee-{organization.slug}@x.test",
        invited_by=owner_user,
    )
    survey = create_survey(organization, "S", preset="store_visit", languages=["fi", "en"])
    version = publish(survey)
    response, _created = submit_response(version, {}, uuid.uuid4().hex, Origin(language="fi"))
    apikey, _key = create_api_key(organization, "shop", owner_user)
    email = OutboxEmail.objects.create(
        organization=organization,
        from_email="a@x.test",
        to="b@x.test",
        subject="Hi",
        body_text="Hi",
        status="kept",
    )
    template = audits.create_template(organization, "", "phone_contact")
    audit = audits.start_audit(template, organization.memberships.get(user=owner_user))
    finding = audit.results.first()
    finding.photo.save("p.gif", ContentFile(TINY_GIF))
    case = Case.objects.create(organization=organization, summary="Slow", due_at=timezone.now())
    return {
        "stages": journey["stage"],
        "channels": journey["channel"],
        "touchpoints": journey["touchpoint"],
        "personas": journey["persona"],
        "step": journey["step"],
        "member": member,
        "invite": invite,
        "email": email,
        "apikey": apikey,
        "customer": Customer.objects.create(organization=organization, name="C"),
        "endpoint": WebhookEndpoint.objects.create(organization=organization, platform="shopify"),
        "survey": survey,
        "question": survey.questions.first(),
        "response": response,
        "case": case,
        "improvement": improve.Improvement.objects.create(organization=organization, title="Signs"),
        "audit_template": template,
        "section": template.sections.first(),
        "audit": audit,
        "finding": finding,
        "testimonial": improve.Testimonial.objects.create(
            organization=organization,
            response=response,
            survey=survey,
            quote="Lovely",
            consent_text="You may publish",
            language="en",
            consented_at=timezone.now(),
            source="link",
        ),
        "segment": Segment.objects.create(organization=organization, name="S", tags=["x"]),
        "subscription": Subscription.objects.create(
            organization=organization, url="https://x.test/hook", topics=["case.created"]
        ),
        "comment": Comment.objects.create(
            organization=organization,
            answer=Answer.objects.create(
                response=response, question_key="q9", kind="long_text", text="Hidas"
            ),
            response=response,
            language="fi",
            sentiment="negative",
            sentiment_source="lexicon",
        ),
        "theme": Theme.objects.filter(organization=organization).first(),
        "rule": Rule.objects.create(
            organization=organization,
            event_kind="order_delivered",
            survey=survey,
            delay_minutes=60,
        ),
    }


# For each organization route with a `pk`, which object the pk names.
OBJECT_FOR_ROUTE = {
    "accounts:member_role": "member",
    "accounts:member_remove": "member",
    "accounts:invite_revoke": "invite",
    "journeys:persona_detail": "personas",
    "journeys:step_edit": "step",
    "journeys:step_delete": "step",
    "journeys:step_move": "step",
    "outbox:detail": "email",
    "accounts:api_key_revoke": "apikey",
    "customers:connection_delete": "endpoint",
    "surveys:question_edit": "question",
    "surveys:question_delete": "question",
    "surveys:question_move": "question",
    "surveys:response_detail": "response",
    "improve:from_case": "case",
    "improve:template_detail": "audit_template",
    "improve:template_delete": "audit_template",
    "improve:audit_start": "audit_template",
    "improve:section_edit": "section",
    "improve:audit_detail": "audit",
    "improve:audit_walk": "audit",
    "improve:audit_delete": "audit",
    "improve:finding_photo": "finding",
    "improve:finding_improve": "finding",
    "improve:testimonial_withdraw": "testimonial",
    "insights:touchpoint": "touchpoints",
    "insights:channel": "channels",
    "insights:survey": "survey",
    "insights:segment_edit": "segment",
    "insights:segment_refresh": "segment",
    "insights:segment_delete": "segment",
    "text:comment_theme": "comment",
    "text:comment_sentiment": "comment",
    "text:theme_edit": "theme",
    "text:theme_delete": "theme",
    "text:theme_add_word": "theme",
    "text:theme_improve": "theme",
}
# Routes of these apps whose `pk` is not listed above name the app's main object.
OBJECT_FOR_APP = {
    "surveys": "survey",
    "customers": "customer",
    "automation": "rule",
    "cases": "case",
    "improve": "improvement",
    "privacy": "customer",
    "webhooks": "subscription",
}
# Fixed words in routes (not objects of an organization).
WORD_FOR_ARGUMENT = {"<str:kind>": ("kind", "invitation"), "<str:language>": ("language", "fi")}
# Parent objects named in nested routes.
OBJECT_FOR_PARENT = {"persona_pk": "personas", "survey_pk": "survey"}


def url_variants(name: str, pattern: str, objs: dict, slug: str):
    """Every concrete URL of a route, with the given organization's objects."""
    if "<section:kind>" in pattern:
        for kind in SECTIONS:
            kwargs = {"org": slug, "kind": kind}
            if "<int:pk>" in pattern:
                kwargs["pk"] = objs[kind].pk
            yield reverse(name, kwargs=kwargs)
        return
    kwargs = {"org": slug}
    for argument, (key, word) in WORD_FOR_ARGUMENT.items():
        if argument in pattern:
            kwargs[key] = word
    for parent, kind in OBJECT_FOR_PARENT.items():
        if f"<int:{parent}>" in pattern:
            kwargs[parent] = objs[kind].pk
    if "<int:pk>" in pattern:
        kind = OBJECT_FOR_ROUTE.get(name) or OBJECT_FOR_APP.get(name.split(":")[0])
        assert kind, f"add route {name} to OBJECT_FOR_ROUTE"
        kwargs["pk"] = objs[kind].pk
    yield reverse(name, kwargs=kwargs)


ORG_ROUTES = [(n, p) for n, p in ROUTES if "<slug:org>" in p]


# The API: authenticated by key, not session; test_api_routes_need_a_key walks them, and
# test_an_api_key_reaches_only_its_own_organization sends B's ids with A's key to each.
API_ROUTES = [(n, p) for n, p in ROUTES if n.startswith("api:")]


def test_every_route_is_classified():
    for name, pattern in ROUTES:
        if name.startswith("api:"):
            continue
        assert name in PUBLIC_ROUTES or name in ACCOUNT_ROUTES or "<slug:org>" in pattern, (
            f"route {name} ({pattern}) is neither public, an account route nor under /o/<org>/"
        )


@pytest.mark.parametrize(("name", "pattern"), ORG_ROUTES)
def test_member_of_a_gets_404_for_b(name, pattern, org, owner, other_org, outsider):
    """A's owner (all permissions) cannot read or change B's objects, by any address."""
    b_objects = objects_of(other_org, outsider)
    a_objects = objects_of(org, owner)
    client = client_for(owner)
    for url in url_variants(name, pattern, b_objects, other_org.slug):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"direction": "up", "role": "viewer"}).status_code == 404, url
    # B's object ids under A's own address: still 404 (objects are fetched within A only).
    if "pk>" in pattern:
        mixed = dict(b_objects)
        for parent, kind in OBJECT_FOR_PARENT.items():
            if f"<int:{parent}>" in pattern and "<int:pk>" in pattern:
                mixed[kind] = a_objects[kind]  # A's parent, B's child
        for url in url_variants(name, pattern, mixed, org.slug):
            # 405 for GET on a POST-only route is answered before any object is looked at.
            assert client.get(url).status_code in {404, 405}, url
            assert client.post(url, {"direction": "up", "role": "viewer"}).status_code == 404
    # Nothing of B's changed.
    assert Membership.objects.filter(organization=other_org).count() == 2
    for obj in b_objects.values():
        obj.refresh_from_db()
    assert b_objects["member"].role == Role.AGENT


@pytest.mark.parametrize(("name", "pattern"), ORG_ROUTES)
def test_anonymous_is_sent_to_login(name, pattern, client, org, owner):
    objs = objects_of(org, owner)
    for url in url_variants(name, pattern, objs, org.slug):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("name", sorted(ACCOUNT_ROUTES - {"accounts:logout"}))
def test_anonymous_cannot_open_account_pages(name, client, db):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "pattern"), ORG_ROUTES)
def test_own_member_reaches_every_route(name, pattern, org, owner):
    """The same walk as the owner of A on A's objects never errors (the walk is real)."""
    objs = objects_of(org, owner)
    client = client_for(owner)
    for url in url_variants(name, pattern, objs, org.slug):
        status = client.get(url).status_code
        assert status in {200, 302, 405}, (url, status)


def test_organization_pages_are_never_cached(owner_client, org):
    response = owner_client.get(reverse("journeys:map", args=[org.slug]))
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize(("name", "pattern"), API_ROUTES)
def test_api_routes_need_a_key(name, pattern, client, owner_client, db):
    url = "/" + pattern
    if "<" in pattern:
        pytest.fail(f"add a way to fill {pattern} to this test")
    if pattern.endswith(("openapi.json", "docs")):
        assert client.get(url).status_code == 200  # the schema and its docs are public
        return
    if name == "api:api-root":
        assert client.get(url).status_code == 404  # ninja's root: nothing there
        return
    # Neither anonymous nor a logged-in member's session works: only a key does.
    for someone in (client, owner_client):
        assert someone.post(url, "{}", content_type="application/json").status_code == 401


def api_calls_naming_b(b: dict) -> dict[str, list[tuple[str, dict | None, int]]]:
    """What the API walk sends with A's key to each route: wherever the input can name an
    object, it names one of B's; with the status A must get."""

    def event(**extra):
        occurred = "2026-11-30T12:00:00+02:00"
        return {"kind": "order_placed", "occurred_at": occurred, "external_id": "w", **extra}

    b_touchpoint, b_email = b["touchpoints"].pk, b["member"].user.email
    return {
        "api:create_event": [
            ("post", event(touchpoint_id=b_touchpoint), 422),
            ("post", event(employee_email=b_email), 422),
        ],
        "api:create_events": [("post", {"events": [event(touchpoint_id=b_touchpoint)]}, 422)],
        # B's customer's email and id under A's key: a customer of A's own, B's untouched.
        "api:upsert_customer": [
            ("post", {"email": b["customer"].email, "external_id": "b-1", "name": "Taken"}, 200)
        ],
        "api:post_kpi": [("post", {"starts": "2026-11-01", "sales": "1.00"}, 200)],
        "api:list_kpis": [("get", None, 200)],
    }


def test_an_api_key_reaches_only_its_own_organization(client, org, owner, other_org, outsider):
    from datetime import date
    from decimal import Decimal

    from polku.customers.models import Event, ExternalId
    from polku.insights.kpis import save_entry
    from polku.insights.models import KpiEntry

    b = objects_of(other_org, outsider)
    Customer.objects.filter(pk=b["customer"].pk).update(email="shared@x.test")
    b["customer"].refresh_from_db()
    ExternalId.objects.create(
        organization=other_org, customer=b["customer"], source="api", value="b-1"
    )
    save_entry(other_org, "month", date(2026, 11, 1), sales=Decimal("900.00"))
    key = create_api_key(org, "walk", owner, "admin")[1]
    calls = api_calls_naming_b(b)
    walked = {n for n, _p in API_ROUTES} - {"api:api-root", "api:openapi-json", "api:openapi-view"}
    assert walked == set(calls), "add the new API route to api_calls_naming_b"
    patterns = dict(API_ROUTES)
    for name, requests in calls.items():  # in this order: figures are posted, then listed
        pattern = patterns[name]
        for method, body, status in requests:
            send = getattr(client, method)
            extra = {"content_type": "application/json"} if body is not None else {}
            answer = send(
                "/" + pattern,
                *([json.dumps(body)] if body is not None else []),
                HTTP_AUTHORIZATION=f"Bearer {key}",
                **extra,
            )
            assert answer.status_code == status, (name, body, answer.content)
            if name == "api:list_kpis":
                assert [row["sales"] for row in answer.json()] == ["1.00"]  # A's only
    # Nothing of B's was changed, and nothing was added to B.
    b["customer"].refresh_from_db()
    assert b["customer"].name == "C" and b["customer"].organization == other_org
    assert not Event.objects.filter(organization=other_org).exists()
    assert KpiEntry.objects.get(organization=other_org).sales == Decimal("900.00")
    assert Customer.objects.get(organization=org, email="shared@x.test").name == "Taken"
