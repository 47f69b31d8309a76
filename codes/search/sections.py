"""The sections of HCPCS Level II: the first letter of a procedure code and what it holds."""

SECTIONS: dict[str, str] = {
    "A": "Transportation and medical and surgical supplies",
    "B": "Enteral and parenteral therapy",
    "C": "Outpatient PPS",
    "E": "Durable medical equipment",
    "G": "Procedures and professional services",
    "H": "Behavioral health",
    "J": "Drugs",
    "K": "Temporary codes for durable medical equipment",
    "L": "Orthotics and prosthetics",
    "M": "Other medical services and quality measures",
    "P": "Pathology and laboratory",
    "Q": "Temporary codes",
    "R": "Diagnostic radiology",
    "S": "Commercial payer temporary codes",
    "T": "State Medicaid agency codes",
    "U": "Coronavirus laboratory tests",
    "V": "Vision and hearing services",
}

SECTION_CHOICES: list[tuple[str, str]] = [
    (letter, f"{letter} - {name}") for letter, name in SECTIONS.items()
]
