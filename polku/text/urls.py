from django.urls import path

from . import views

app_name = "text"

urlpatterns = [
    path("", views.comment_list, name="comments"),
    path("<int:pk>/theme/", views.comment_theme, name="comment_theme"),
    path("<int:pk>/sentiment/", views.comment_sentiment, name="comment_sentiment"),
    path("drivers/", views.key_drivers, name="drivers"),
    path("themes/", views.theme_list, name="themes"),
    path("themes/new/", views.theme_new, name="theme_new"),
    path("themes/suggested/", views.suggestion_add, name="suggestion_add"),
    path("themes/<int:pk>/", views.theme_edit, name="theme_edit"),
    path("themes/<int:pk>/delete/", views.theme_delete, name="theme_delete"),
    path("themes/<int:pk>/add-word/", views.theme_add_word, name="theme_add_word"),
    path("themes/<int:pk>/improve/", views.theme_improvement, name="theme_improve"),
    path("models/", views.sentiment_models, name="models"),
    path("models/train/", views.train_now, name="train"),
    path("models/choose/", views.choose_model, name="choose_model"),
]
