from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.subscriptions, name="list"),
    path("<int:pk>/delete/", views.subscription_delete, name="delete"),
]
