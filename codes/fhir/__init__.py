"""The FHIR R4 terminology service for HCPCS Level II, under ``/fhir/``.

Integrators' tools (claims systems, EHRs, FHIR validators) check codes through a
terminology server; this package serves the site's published releases as one FHIR
CodeSystem with one version per release, and the implicit all-codes ValueSet.

- ``identity``: the code system's canonical URL, aliases, OID and the version labels;
- ``errors``: OperationOutcome errors with their HTTP status;
- ``inputs``: reading the operations' inputs from a query string or a Parameters body;
- ``resources``: CapabilityStatement, TerminologyCapabilities, CodeSystem and Bundle;
- ``lookup``, ``validate``, ``expand``: the operations, each a plain function from inputs
  to a resource (dicts ready for JSON);
- ``responses``: content negotiation and the ``application/fhir+json`` response;
- ``views``, ``urls``: the endpoints.

Only reads: nothing here writes to the database. May import ``codes.search``,
``codes.validation`` and the root modules; not the pages, releases, admin or API.
"""
