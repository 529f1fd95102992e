from django.urls import path

from . import kpi_views, views

app_name = "insights"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("trend.csv", views.trend_csv, name="trend_csv"),
    path("people/", views.people, name="people"),
    path("repeat/", views.repeat_customers, name="repeat"),
    path("touchpoints/<int:pk>/", views.breakdown, {"dimension": "touchpoint"}, name="touchpoint"),
    path("channels/<int:pk>/", views.breakdown, {"dimension": "channel"}, name="channel"),
    path("surveys/<int:pk>/", views.breakdown, {"dimension": "survey"}, name="survey"),
    path("kpis/", kpi_views.kpis, name="kpis"),
    path("kpis/import/", kpi_views.kpi_import, name="kpi_import"),
    path("kpis/export.csv", kpi_views.kpis_csv, name="kpis_csv"),
    path("revenue/", kpi_views.revenue_model, name="revenue"),
]
