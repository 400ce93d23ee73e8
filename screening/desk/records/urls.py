from django.urls import path

from screening.desk.records import views

app_name = "records"
urlpatterns = [
    path("clients/", views.clients, name="clients"),
    path("clients/<int:pk>/", views.client, name="client"),
    path("clients/<int:pk>/edit/", views.edit_client, name="edit"),
    path("clients/<int:pk>/record.json", views.record_json, name="record-json"),
    path("clients/<int:pk>/erase/", views.erase, name="erase"),
    path("submissions/<int:pk>/match/", views.match, name="match"),
    path("export/", views.export_page, name="export"),
    path("export/screenings.csv", views.export_screenings, name="export-screenings"),
    path("audit/export.csv", views.audit_csv, name="audit-csv"),
]
