from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("customers/<int:pk>/export.json", views.export_json, name="export_json"),
    path("customers/<int:pk>/export/", views.export_html, name="export_html"),
    path("customers/<int:pk>/erase/", views.erase_view, name="erase"),
]
