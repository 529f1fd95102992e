from django.urls import path

from . import views

app_name = "automation"

urlpatterns = [
    path("", views.invitation_overview, name="overview"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("messages/", views.template_list, name="templates"),
    path("messages/<str:kind>/<str:language>/", views.template_edit, name="template_edit"),
]
