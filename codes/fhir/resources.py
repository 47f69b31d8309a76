"""The server's conformance resources and the CodeSystem, as dicts ready for JSON.

The CodeSystem is served with ``content`` ``not-present``: its concepts are not listed in
the resource (about 9,000 per version); clients reach them through ``$lookup``,
``$validate-code`` and ``ValueSet/$expand``. Each published release is one CodeSystem
resource (``hcpcs-2025-10``); ``hcpcs`` is the latest.
"""

from __future__ import annotations

from django.utils import timezone

from codes.fhir import identity
from codes.fhir.identity import Version, Versions
from codes.fhir.operations import BATCH_ID
from codes.fhir.properties import PROPERTIES

OPERATIONS_CODE_SYSTEM = [
    ("lookup", "http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup"),
    ("validate-code", "http://hl7.org/fhir/OperationDefinition/CodeSystem-validate-code"),
    ("batch-validate-code", "OperationDefinition/" + BATCH_ID),
]
OPERATIONS_VALUE_SET = [
    ("expand", "http://hl7.org/fhir/OperationDefinition/ValueSet-expand"),
    ("validate-code", "http://hl7.org/fhir/OperationDefinition/ValueSet-validate-code"),
]
SOFTWARE = "HCPCS Level II code site"


def _now() -> str:
    return timezone.now().isoformat(timespec="seconds")


def _operations(base: str, operations: list[tuple[str, str]]) -> list[dict]:
    return [
        {"name": name, "definition": url if url.startswith("http") else base + url}
        for name, url in operations
    ]


def capability_statement(base: str) -> dict:
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": _now(),
        "publisher": identity.SOFTWARE_PUBLISHER,
        "kind": "instance",
        "software": {"name": SOFTWARE},
        "implementation": {
            "description": "FHIR R4 terminology service for CMS HCPCS Level II",
            "url": base,
        },
        "fhirVersion": identity.FHIR_VERSION,
        "format": ["application/fhir+json", "json"],
        "instantiates": ["http://hl7.org/fhir/CapabilityStatement/terminology-server"],
        "rest": [
            {
                "mode": "server",
                "documentation": "Read-only. GET or POST (a Parameters body) for every "
                "operation, at the type level and on an instance (CodeSystem/hcpcs-2025-01/"
                "$validate-code: the id names the version); $batch-validate-code takes POST "
                "only. CORS: any origin may read, without credentials.",
                "resource": [
                    {
                        "type": "CodeSystem",
                        "interaction": [{"code": "read"}, {"code": "search-type"}],
                        "searchParam": [
                            {"name": "url", "type": "uri"},
                            {"name": "version", "type": "token"},
                        ],
                        "operation": _operations(base, OPERATIONS_CODE_SYSTEM),
                    },
                    {
                        "type": "ValueSet",
                        "interaction": [{"code": "read"}],
                        "operation": _operations(base, OPERATIONS_VALUE_SET),
                    },
                    {"type": "OperationDefinition", "interaction": [{"code": "read"}]},
                ],
            }
        ],
    }


def terminology_capabilities(base: str, versions: Versions) -> dict:
    latest = versions.latest
    return {
        "resourceType": "TerminologyCapabilities",
        "status": "active",
        "date": _now(),
        "publisher": identity.SOFTWARE_PUBLISHER,
        "kind": "instance",
        "software": {"name": SOFTWARE},
        "implementation": {"description": "HCPCS Level II terminology service", "url": base},
        "codeSystem": [
            {
                "uri": identity.CANONICAL,
                "version": [
                    {
                        "code": version.label,
                        "isDefault": version == latest,
                        "property": [prop.code for prop in PROPERTIES],
                    }
                    for version in versions.all
                ],
            }
        ],
        "expansion": {
            "hierarchical": False,
            "paging": True,
            "parameter": [
                {"name": name}
                for name in (
                    "filter",
                    "count",
                    "offset",
                    "date",
                    "activeOnly",
                    "valueSetVersion",
                    "includeDesignations",
                    "system-version",
                    "force-system-version",
                    "check-system-version",
                    "tx-resource",
                )
            ],
            "textFilter": "The site's search: a code, a prefix (E01), a range "
            "(E0100-E0199), a list, or words, ranked; the last word matches as a prefix.",
        },
        "validateCode": {"translations": False},
    }


def code_system(version: Version, *, latest: bool) -> dict:
    return {
        "resourceType": "CodeSystem",
        "id": identity.CODE_SYSTEM_ID if latest else version.resource_id,
        "url": identity.CANONICAL,
        "identifier": [{"system": "urn:ietf:rfc:3986", "value": identity.OID}],
        "version": version.label,
        "name": identity.NAME,
        "title": identity.TITLE,
        "status": "active",
        "experimental": False,
        "date": version.effective_date.isoformat(),
        "publisher": identity.PUBLISHER,
        "description": (
            f"HCPCS Level II as of the CMS release {version.release_label} (effective "
            f"{version.effective_date.isoformat()}). The concepts are not listed here "
            "(content not-present): use $lookup, $validate-code and ValueSet/$expand."
        ),
        "caseSensitive": True,
        "valueSet": identity.ALL_CODES_VALUE_SET,
        "content": "not-present",
        "count": version.record_count,
        "property": [
            {
                "code": prop.code,
                **({"uri": prop.uri} if prop.uri else {}),
                "description": prop.definition,
                "type": prop.type,
            }
            for prop in PROPERTIES
        ],
    }


def all_codes_value_set(version: Version, *, latest: bool) -> dict:
    """The implicit value set of every code of a version, as ``ValueSet/hcpcs`` (the
    latest) and ``ValueSet/hcpcs-2025-01``."""
    return {
        "resourceType": "ValueSet",
        "id": identity.CODE_SYSTEM_ID if latest else version.resource_id,
        "url": identity.ALL_CODES_VALUE_SET,
        "version": version.label,
        "name": "HCPCSLevelIIAllCodes",
        "title": f"All codes of {identity.TITLE}",
        "status": "active",
        "publisher": identity.PUBLISHER,
        "description": f"Every code of HCPCS Level II version {version.label} (CMS release "
        f"{version.release_label}); expand it with $expand.",
        "compose": {"include": [{"system": identity.CANONICAL, "version": version.label}]},
    }


def searchset(base: str, self_url: str, resources: list[dict]) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "link": [{"relation": "self", "url": self_url}],
        "entry": [
            {
                "fullUrl": f"{base}{resource['resourceType']}/{resource['id']}",
                "resource": resource,
                "search": {"mode": "match"},
            }
            for resource in resources
        ],
    }
