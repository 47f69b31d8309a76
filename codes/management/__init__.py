"""Management commands: import, export, load the bundled data, rebuild the search index, roles."""
