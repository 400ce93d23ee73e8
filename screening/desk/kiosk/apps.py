from django.apps import AppConfig


class KioskConfig(AppConfig):
    name = "screening.desk.kiosk"
    label = "kiosk"
    verbose_name = "Kiosk"
