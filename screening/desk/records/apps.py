from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "screening.desk.records"
    label = "records"
    verbose_name = "Client records"
