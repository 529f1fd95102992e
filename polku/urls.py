"""Top-level routes. Organization pages live under /o/<org>/ and each app brings its own."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from polku.accounts import views as account_views
from polku.api import api
from polku.automation.views import unsubscribe_view
from polku.cases.inbound import inbound_email
from polku.customers.webhooks import views as webhook_views
from polku.improve.views.testimonials import public_withdraw
from polku.insights.digest_views import digest_stop
from polku.lib.health import healthz
from polku.surveys.urls import public_urlpatterns as survey_public_urls

# The admin logs in through Polku's own login page, so two-step login applies there too.
admin.site.login = account_views.admin_login

urlpatterns = [
    path("", account_views.home, name="home"),
    path("", include("polku.accounts.urls")),
    path("o/<slug:org>/journey/", include("polku.journeys.urls")),
    path("o/<slug:org>/surveys/", include("polku.surveys.urls")),
    path("o/<slug:org>/customers/", include("polku.customers.urls")),
    path("", include((survey_public_urls, "respond"))),
    path("o/<slug:org>/outbox/", include("polku.outbox.urls")),
    path("o/<slug:org>/automation/", include("polku.automation.urls")),
    path("o/<slug:org>/inbox/", include("polku.cases.urls")),
    path("o/<slug:org>/improve/", include("polku.improve.urls")),
    path("o/<slug:org>/insights/", include("polku.insights.urls")),
    path("o/<slug:org>/comments/", include("polku.text.urls")),
    path("o/<slug:org>/privacy/", include("polku.privacy.urls")),
    path("o/<slug:org>/webhooks/", include("polku.webhooks.urls")),
    path("u/<str:token>/", unsubscribe_view, name="unsubscribe"),
    path("t/<str:token>/", public_withdraw, name="testimonial_withdraw"),
    path("digest/<str:token>/", digest_stop, name="digest_stop"),
    path("api/v1/", api.urls),
    # Before the webshops' hooks, whose pattern would take this address too.
    path("hooks/inbound-email/<str:secret>/", inbound_email, name="inbound_email"),
    path(
        "hooks/<str:platform>/<str:token>/",
        webhook_views.receive,
        name="webhook",
    ),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
