from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "codes.fees"
    label = "fees"
    verbose_name = "DMEPOS fee schedule"
    default_auto_field = "django.db.models.BigAutoField"
