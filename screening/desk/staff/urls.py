from django.urls import path

from screening.desk.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("sign-in/", views.SignIn.as_view(), name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("submissions/<int:pk>/print/", views.print_plan, name="print"),
    path("submissions/<int:pk>/review/", views.mark_reviewed, name="review"),
    path("submissions/<int:pk>/sign-off/", views.sign_off, name="sign-off"),
    path("kiosks/", views.kiosks, name="kiosks"),
    path("kiosks/<int:pk>/end/", views.end_kiosk, name="end-kiosk"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/<int:pk>/active/", views.account_active, name="account-active"),
    path("audit/", views.audit_log, name="audit"),
    path("settings/", views.desk_settings, name="settings"),
]
