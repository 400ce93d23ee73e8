"""The desk's addresses: `/` (where you belong), `/kiosk/...` (the tablet), `/staff/...` (the
staff pages, client records among them)."""

from django.urls import include, path

from screening.desk.kiosk.views import home

urlpatterns = [
    path("", home, name="home"),
    path("kiosk/", include("screening.desk.kiosk.urls")),
    path("staff/", include("screening.desk.staff.urls")),
    path("staff/", include("screening.desk.records.urls")),
]
