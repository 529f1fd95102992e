from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import EmailAuthenticationForm

app_name = "accounts"

reset_email = {
    "subject_template_name": "accounts/email/password_reset_subject.txt",
    "email_template_name": "accounts/email/password_reset_body.txt",
    "html_email_template_name": "accounts/email/password_reset_body.html",
    "success_url": reverse_lazy("accounts:password_reset_done"),
    "template_name": "accounts/password_reset.html",
}

urlpatterns = [
    path(
        "accounts/login/",
        views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=EmailAuthenticationForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("accounts/login/code/", views.login_code, name="login_code"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/two-step/", views.two_factor, name="two_factor"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(**reset_email),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("invite/<str:token>/", views.invite_accept, name="invite_accept"),
    path("o/new/", views.organization_new, name="organization_new"),
    path("o/<slug:org>/", views.organization_home, name="organization_home"),
    path("o/<slug:org>/settings/", views.organization_settings, name="organization_settings"),
    path("o/<slug:org>/members/", views.members, name="members"),
    path("o/<slug:org>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path("o/<slug:org>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("o/<slug:org>/invites/<int:pk>/revoke/", views.invite_revoke, name="invite_revoke"),
    path("o/<slug:org>/api-keys/", views.api_keys, name="api_keys"),
    path("o/<slug:org>/api-keys/<int:pk>/revoke/", views.api_key_revoke, name="api_key_revoke"),
]
