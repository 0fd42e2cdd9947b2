from django.urls import path

from . import views, views_two_factor

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/check-your-email/", views.signup_done, name="signup_done"),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
    path("verify-again/", views.resend_verification, name="resend_verification"),
    path("name/", views.name_edit, name="name"),
    path("language/", views.language_edit, name="language"),
    path("two-factor/", views_two_factor.two_factor_step, name="two_factor"),
    path("two-factor/codes/", views_two_factor.recovery_codes, name="recovery_codes"),
]
