from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "screening.desk.staff"
    label = "staff"
    verbose_name = "Staff"

    def ready(self) -> None:
        from screening.desk.staff import signals  # noqa: F401  (connects the audit receivers)
