"""Management commands: import, export, load the bundled data, rebuild the search index, roles;
``dry_run``: the --dry-run transaction the commands that write share."""
