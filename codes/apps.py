from django.apps import AppConfig


class CodesConfig(AppConfig):
    name = "codes"
    verbose_name = "HCPCS codes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from codes import reference_tables

        reference_tables.connect_signals()
