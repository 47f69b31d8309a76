"""The admin: the ModelAdmins of every model (``model_admins``) and the curation pages
(``views``) and forms (``forms``) hooked into it through ``get_urls()``; the drug files and
the search vocabulary in ``drug_admins`` and ``drug_views``.

The pages only call the services of ``codes.releases``; nothing imports this package but
Django's admin autodiscovery, which imports ``codes.admin`` and so registers the models.
"""

from codes.admin import drug_admins, model_admins  # noqa: F401  (registers the ModelAdmins)
