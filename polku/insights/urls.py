from django.urls import path

from . import kpi_views, segment_views, views

app_name = "insights"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("trend.csv", views.trend_csv, name="trend_csv"),
    path("people/", views.people, name="people"),
    path("compare/", views.compare_page, name="compare"),
    path("compare.csv", views.compare_csv, name="compare_csv"),
    path("repeat/", views.repeat_customers, name="repeat"),
    path("touchpoints/<int:pk>/", views.breakdown, {"dimension": "touchpoint"}, name="touchpoint"),
    path("channels/<int:pk>/", views.breakdown, {"dimension": "channel"}, name="channel"),
    path("surveys/<int:pk>/", views.breakdown, {"dimension": "survey"}, name="survey"),
    path("kpis/", kpi_views.kpis, name="kpis"),
    path("kpis/import/", kpi_views.kpi_import, name="kpi_import"),
    path("kpis/export.csv", kpi_views.kpis_csv, name="kpis_csv"),
    path("revenue/", kpi_views.revenue_model, name="revenue"),
    path("segments/", segment_views.segment_list, name="segments"),
    path("segments/new/", segment_views.segment_create, name="segment_new"),
    path("segments/<int:pk>/", segment_views.segment_edit, name="segment_edit"),
    path("segments/<int:pk>/count/", segment_views.segment_refresh, name="segment_refresh"),
    path("segments/<int:pk>/delete/", segment_views.segment_delete, name="segment_delete"),
]
