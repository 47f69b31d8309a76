"""Judged queries: what coders type, and the codes a coder expects among the first results.

Each expected code was looked up in the bundled JAN and OCT 2025 releases (the description
that makes it the right answer is quoted in the comment). A query is a hit at k when any of
its expected codes is among the first k results of the default search (active codes, best
first). The tests check hit@5 on both engines; ``benchmarks/search_bench.py`` reports hit@1,
hit@5 and MRR over the same set.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class JudgedQuery:
    query: str
    expected: frozenset[str]
    kind: str  # what the query exercises
    # Never tuned on: reported apart (tests/search/judged_understanding.py).
    held_out: bool = False


def Judged(query: str, expected: str, kind: str, *, held_out: bool = False) -> JudgedQuery:  # noqa: N802 - reads as a row
    return JudgedQuery(query, frozenset(expected.split()), kind, held_out)


SEAT_CUSHIONS = "E2601 E2602 E2603 E2604 E2605 E2606 E2607 E2608 E2609 E2610 E2622 E2623"
GLUCOSE_MONITORS = "E0607 E2100 E2101 E2102 E2103 E2104 A9275 A4255"

JUDGED: list[JudgedQuery] = [
    # Codes, prefixes, ranges, lists, modifiers.
    Judged("q4390", "Q4390", "code"),  # Ascendion, per square centimeter
    Judged(" Q 4390 ", "Q4390", "code"),
    Judged("E01", "E0100", "prefix"),  # Cane, ... adjustable or fixed, with tip
    Judged("E01*", "E0100", "prefix"),
    Judged("J92", "J9200", "prefix"),  # Injection, floxuridine, 500 mg
    Judged("E0100-E0199", "E0100", "range"),
    Judged("E0100 - E0199", "E0100", "range"),
    Judged("A4206-A4209", "A4206", "range"),  # Syringe with needle, sterile, 1 cc or less
    Judged("A0021, E1130 J9271", "A0021 E1130 J9271", "list"),
    Judged("E0601 E0562", "E0601 E0562", "list"),
    Judged("LT", "LT", "modifier"),  # Left side
    Judged("rt", "RT", "modifier"),  # Right side
    Judged("GA", "GA", "modifier"),  # Waiver of liability statement issued ...
    # Words, as coders type them.
    Judged("wheelchair cushion", SEAT_CUSHIONS, "words"),  # ... wheelchair seat cushion ...
    Judged("skin protection seat cushion", "E2603 E2604 E2607 E2608 E2622 E2623", "words"),
    Judged("oxygen concentrator", "E1390 E1391 E1392", "words"),
    Judged("portable oxygen concentrator", "E1392", "words"),
    Judged(
        "hospital bed with mattress",  # Hospital bed, ..., with mattress
        "E0250 E0255 E0260 E0265 E0270 E0290 E0292 E0294 E0296 E0303 E0304",
        "words",
    ),
    Judged("wheeled walker", "E0141 E0143 E0144 E0149 E0152", "words"),  # Walker, ..., wheeled
    Judged("nebulizer with compressor", "E0570 E0585", "words"),  # Nebulizer, with compressor
    Judged("blood glucose test strips", "A4253 A4772", "words"),  # Blood glucose test ... strips
    Judged("insulin pump infusion set", "A4230 A4231", "words"),
    Judged(
        "foley catheter",  # every code whose catheter is "foley type"
        "A4311 A4312 A4313 A4314 A4315 A4316 A4338 A4344 A4346 A4355",
        "words",
    ),
    Judged("alginate dressing", "A6196 A6197 A6198", "words"),
    Judged(
        "ankle foot orthosis",  # every "Ankle foot orthosis, ..." code
        "L1900 L1906 L1910 L1920 L1930 L1932 L1933 L1940 L1945 L1950 L1951 L1952 L1960 "
        "L1970 L1971 L1980 L1990 L2106 L2108 L2112 L2114 L2116 L4631",
        "words",
    ),
    Judged("knee orthosis elastic", "L1810", "words"),
    Judged("gradient compression stocking below knee", "A6530 A6531 A6532", "words"),
    Judged(
        "ostomy pouch closed",  # every "Ostomy pouch, closed ..." code
        "A4387 A4416 A4417 A4418 A4419 A4420 A4423 A5051 A5052 A5053 A5054",
        "words",
    ),
    Judged(
        "enteral formula",  # every "Enteral formula, ..." code
        "B4102 B4103 B4149 B4150 B4152 B4153 B4154 B4155 B4157 B4158 B4159 B4160 B4161 B4162",
        "words",
    ),
    Judged("annual wellness visit", "G0438 G0439", "words"),
    Judged("screening colonoscopy", "G0105 G0121", "words"),
    Judged("non emergency transportation taxi", "A0100", "words"),
    Judged("hearing aid fitting", "V5011", "words"),
    Judged("frames purchases", "V2020", "words"),
    Judged("ground mileage", "A0425", "words"),  # Ground mileage, per statute mile
    Judged("drug test definitive", "G0480 G0481 G0482 G0483", "words"),
    Judged('"seat cushion" powered', "E2610", "phrase"),  # Wheelchair seat cushion, powered
    # Plurals and stems.
    Judged("canes", "E0100 E0105", "plural"),
    Judged("crutches forearm", "E0110", "plural"),  # Crutches, forearm, ...
    Judged("lancets", "A4259", "plural"),  # Lancets, per box of 100
    Judged("diabetic shoes", "A5500 A5501 A5503 A5504", "plural"),
    # Abbreviations CMS uses in the descriptions.
    Judged("cpap", "E0601", "abbreviation"),  # Continuous positive airway pressure (cpap)
    Judged("tens", "E0720 E0730", "abbreviation"),  # ... nerve stimulation (tens) device
    Judged("inj pembrolizumab", "J9271", "abbreviation"),  # short: Inj pembrolizumab
    Judged("cgm supply allowance", "A4238 A4239", "abbreviation"),
    # Drugs, generic and brand names as the descriptions carry them.
    Judged("pembrolizumab", "J9271", "drug"),  # Injection, pembrolizumab, 1 mg
    Judged("ondansetron injection", "J2405", "drug"),
    Judged("ondansetron oral", "Q0162 S0119", "drug"),
    Judged("cyanocobalamin", "J3420", "drug"),  # Injection, vitamin b-12 cyanocobalamin
    Judged("ketorolac", "J1885", "drug"),
    Judged("medroxyprogesterone", "J1050", "drug"),
    Judged(
        "adalimumab",  # Injection, adalimumab[-xxxx], 1 mg (J0135 ended 2024)
        "J0139 Q5140 Q5141 Q5142 Q5143 Q5144 Q5145",
        "drug",
    ),
    Judged("infliximab", "J1745 Q5103 Q5104", "drug"),
    Judged("trastuzumab", "J9355 Q5112 Q5113 Q5114 Q5116 Q5117", "drug"),
    Judged("inflectra", "Q5103", "brand"),  # ... infliximab-dyyb, biosimilar, (inflectra)
    Judged("retacrit", "Q5105 Q5106", "brand"),  # ... epoetin alfa-epbx, (retacrit) ...
    Judged("apligraf", "Q4101", "brand"),  # Apligraf, per square centimeter
    Judged("ascendion", "Q4390", "brand"),
    # Misspellings.
    Judged("glucose monitr", GLUCOSE_MONITORS, "misspelling"),
    Judged("pembrolizmab", "J9271", "misspelling"),
    Judged("nebuliser with compressor", "E0570 E0585", "misspelling"),
    Judged("oxygen concentrater", "E1390 E1391 E1392", "misspelling"),
    Judged("alginte dressing", "A6196 A6197 A6198", "misspelling"),
    Judged("ondansertron", "J2405 Q0162 S0119", "misspelling"),
    # Half-typed, as the typeahead sees them.
    Judged("wheelchair cush", SEAT_CUSHIONS, "prefix word"),
    Judged("pembro", "J9271", "prefix word"),
    Judged("oxygen concen", "E1390 E1391 E1392", "prefix word"),
]
