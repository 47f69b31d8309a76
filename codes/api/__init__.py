"""The read API: codes, their history and typeahead, with an OpenAPI schema and docs."""
