"""The FHIR R4 terminology service for HCPCS Level II, under ``/fhir/``.

Integrators' tools (claims systems, EHRs, FHIR validators) check codes through a
terminology server; this package serves the site's published releases as one FHIR
CodeSystem with one version per release, the implicit all-codes ValueSet and value sets
given in the request.

- ``identity``: the code system's canonical URL, aliases, OID and the version labels;
- ``errors``: OperationOutcome errors with their HTTP status;
- ``inputs``: reading the operations' inputs from a query string or a Parameters body;
- ``dates``: ``date`` as a FHIR dateTime, a year or a month being a span of days;
- ``pins``: which version an operation uses (``system-version``, ``force-system-version``,
  ``check-system-version``);
- ``valuesets``: value sets given in the request (``valueSet``, ``tx-resource``) and the
  implicit one, as a filter on the codes; what is not supported is refused;
- ``designations``: the short descriptions ``$expand`` adds as designations;
- ``operations``: the OperationDefinition of ``$batch-validate-code``;
- ``resources``: CapabilityStatement, TerminologyCapabilities, CodeSystem and Bundle;
- ``lookup``, ``validate``, ``expand``: the operations, each a plain function from inputs
  to a resource (dicts ready for JSON);
- ``responses``: content negotiation and the ``application/fhir+json`` response;
- ``views``, ``urls``: the endpoints.

Only reads: nothing here writes to the database. May import ``codes.search``,
``codes.validation`` and the root modules; not the pages, releases, admin or API.
"""
