from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CodesConfig(AppConfig):
    name = "codes"
    verbose_name = "HCPCS codes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from codes import reference_tables
        from codes.drugs.search_terms import DrugSearchTerms
        from codes.releases import roles
        from codes.search import drug_terms

        # Search reads the drug vocabulary through its interface; drugs implements it.
        drug_terms.provide(DrugSearchTerms())
        reference_tables.connect_signals()
        # After Django's own post_migrate handlers (auth is installed before codes), so the
        # permissions the roles name exist by then.
        post_migrate.connect(roles.sync_after_migrate, sender=self, dispatch_uid="codes-sync-roles")
        # Audits django-axes lockouts.
        from codes.ops import lockouts  # noqa: F401

        # The "data is behind CMS's current quarter" warning (manage.py check --database).
        from codes.releases import checks  # noqa: F401
