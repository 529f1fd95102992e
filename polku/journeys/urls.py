from django.urls import path, register_converter

from . import views

app_name = "journeys"


class SectionConverter:
    regex = "|".join(views.SECTIONS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SectionConverter, "section")

urlpatterns = [
    path("", views.journey_map, name="map"),
    path("blueprint/", views.blueprint, name="blueprint"),
    path("export.json", views.journey_export, name="export"),
    path("import/", views.journey_import, name="import"),
    path("personas/<int:pk>/", views.persona_detail, name="persona_detail"),
    path("personas/<int:persona_pk>/steps/new/", views.step_create, name="step_create"),
    path("personas/<int:persona_pk>/steps/<int:pk>/edit/", views.step_edit, name="step_edit"),
    path(
        "personas/<int:persona_pk>/steps/<int:pk>/delete/",
        views.step_delete,
        name="step_delete",
    ),
    path("personas/<int:persona_pk>/steps/<int:pk>/move/", views.step_move, name="step_move"),
    path("<section:kind>/", views.section_list, name="section_list"),
    path("<section:kind>/new/", views.section_create, name="section_create"),
    path("<section:kind>/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("<section:kind>/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path("<section:kind>/<int:pk>/move/", views.section_move, name="section_move"),
]
