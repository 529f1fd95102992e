from django.urls import path

from .views import builder, respond, responses, share

app_name = "surveys"

# Public: answering a survey.
public_urlpatterns = [
    path("s/<str:public_id>/", respond.respond, name="survey"),
    path("s/<str:public_id>/thanks/", respond.thanks, name="thanks"),
    path("i/<str:token>/", respond.respond_invitation, name="invitation"),
]

# Under /o/<org>/surveys/.
urlpatterns = [
    path("", builder.survey_list, name="list"),
    path("new/", builder.survey_new, name="new"),
    path("<int:pk>/", builder.survey_detail, name="detail"),
    path("<int:pk>/settings/", builder.survey_settings, name="settings"),
    path("<int:pk>/preview/", builder.survey_preview, name="preview"),
    path("<int:pk>/publish/", builder.survey_publish, name="publish"),
    path("<int:pk>/status/", builder.survey_status, name="status"),
    path("<int:pk>/delete/", builder.survey_delete, name="delete"),
    path("<int:pk>/questions/new/", builder.question_create, name="question_create"),
    path("<int:survey_pk>/questions/<int:pk>/edit/", builder.question_edit, name="question_edit"),
    path(
        "<int:survey_pk>/questions/<int:pk>/delete/",
        builder.question_delete,
        name="question_delete",
    ),
    path("<int:survey_pk>/questions/<int:pk>/move/", builder.question_move, name="question_move"),
    path("<int:pk>/invitations/", share.invitations, name="invitations"),
    path("<int:pk>/qr.svg", share.qr_svg, name="qr_svg"),
    path("<int:pk>/qr.png", share.qr_png, name="qr_png"),
    path("<int:pk>/poster/", share.poster, name="poster"),
    path("<int:pk>/poster.svg", share.poster_svg, name="poster_svg"),
    path("<int:pk>/poster.png", share.poster_png, name="poster_png"),
    path("<int:pk>/responses/", responses.response_list, name="responses"),
    path("<int:survey_pk>/responses/<int:pk>/", responses.response_detail, name="response_detail"),
    path("<int:pk>/responses/export.csv", responses.export_csv, name="export_csv"),
    path("<int:pk>/responses/export.xlsx", responses.export_xlsx, name="export_xlsx"),
]
