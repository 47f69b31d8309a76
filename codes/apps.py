from django.apps import AppConfig


class CodesConfig(AppConfig):
    name = "codes"
    verbose_name = "HCPCS codes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the reference-table cache invalidation signals.
        from codes import reference_tables  # noqa: F401

        # Registers the search index refresher that publishing calls.
        from codes.search import index  # noqa: F401
