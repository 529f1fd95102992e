from django.urls import path

from . import views

app_name = "customers"

urlpatterns = [
    path("", views.customer_list, name="list"),
    path("<int:pk>/", views.customer_detail, name="detail"),
    path("<int:pk>/persona/", views.customer_persona, name="persona"),
    path("import/", views.import_file_view, name="import"),
    path("connections/", views.connections, name="connections"),
    path("connections/<int:pk>/delete/", views.connection_delete, name="connection_delete"),
]
