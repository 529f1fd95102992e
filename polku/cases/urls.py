from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.case_new, name="new"),
    path("figures/", views.case_figures, name="figures"),
    path("<int:pk>/", views.case_detail, name="detail"),
]
