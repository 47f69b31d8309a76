"""Which version of the code system an operation uses: the version a request names, and
the R4 pins ``system-version``, ``force-system-version`` and ``check-system-version``
(each a canonical ``url|version``, repeatable, one per code system).

- ``force-system-version`` wins over any version the request or a value set gives;
- a version the request gives (``version``, a Coding's or an include's ``version``) comes
  next; ``check-system-version`` must then agree with it, or the request is refused (an
  expansion) or answered false (a validation);
- then ``system-version``, then ``check-system-version``; with none, the operation's
  default (the latest release, or the one in force on ``date``).

Pins for other code systems are read and checked for form, then left alone: this server
holds no other system for them to apply to. A version is named by its label (``2025-10``);
the CMS release's own label (``2025 Oct``... as the release list shows it) is accepted too.
"""

from __future__ import annotations

from dataclasses import dataclass

from codes.fhir import identity
from codes.fhir.errors import bad_parameter
from codes.fhir.identity import Version, Versions
from codes.fhir.inputs import Inputs

PIN_NAMES = ("force-system-version", "system-version", "check-system-version")


@dataclass(frozen=True)
class Pins:
    """The HCPCS pins of one request (labels as given), each with the parameter it came in."""

    force: str | None = None
    default: str | None = None
    check: str | None = None

    @classmethod
    def read(cls, inputs: Inputs) -> Pins:
        if not any(inputs.has(name) for name in PIN_NAMES):
            return NO_PINS  # most requests, and a batch's every line
        found: dict[str, str] = {}
        for name in PIN_NAMES:
            for param in inputs.all(name):
                value = param.value
                if not isinstance(value, str) or "|" not in value:
                    raise bad_parameter(
                        name,
                        f"Parameter {name!r} must be a canonical url|version, e.g. "
                        f"{identity.CANONICAL}|2025-10.",
                    )
                system, _, version = value.strip().rpartition("|")
                if not version:
                    raise bad_parameter(name, f"Parameter {name!r} names no version.")
                if system in identity.ALIASES:
                    if name in found and found[name] != version:
                        raise bad_parameter(name, f"Parameter {name!r} pins HCPCS to two versions.")
                    found[name] = version
        return cls(
            found.get("force-system-version"),
            found.get("system-version"),
            found.get("check-system-version"),
        )

    def label(self, given: str | None) -> tuple[str | None, str | None]:
        """(the version label to use, or None for the default; a conflict message, or None
        when ``given`` agrees with ``check-system-version``)."""
        if self.force:
            return self.force, None
        if given:
            if self.check and not same_version(given, self.check):
                return given, (
                    f"The version {given!r} of {identity.CANONICAL} is not the version "
                    f"{self.check!r} that check-system-version requires."
                )
            return given, None
        return self.default or self.check, None

    def parameter(self, given: str | None, given_name: str) -> str:
        """The parameter the version in use came from (for messages)."""
        if self.force:
            return "force-system-version"
        if given:
            return given_name
        return "system-version" if self.default else "check-system-version"


NO_PINS = Pins()


def same_version(a: str, b: str) -> bool:
    return a.strip() == b.strip()


def find(versions: Versions, label: str | None) -> Version | None:
    """The version a label names (its YYYY-MM label, or the CMS release's own label), or
    None when none does (``label`` None: the latest)."""
    if not label:
        return versions.latest
    label = label.strip()
    for version in versions.all:
        if label == version.label or label.casefold() == version.release_label.casefold():
            return version
    return None


def unknown_version_message(label: str, versions: Versions) -> str:
    known = ", ".join(v.label for v in versions.all) or "none"
    return (
        f"A definition for CodeSystem {identity.CANONICAL!r} version {label!r} could not be "
        f"found: the versions here are {known} (one per published CMS release, labelled "
        "YYYY-MM)."
    )
