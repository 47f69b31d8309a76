"""Judged queries for the drug and everyday vocabulary (issue 9): what coders, billers and
patients type that CMS's descriptions do not say.

Written from the users' side: brand names as on the vial or the order, NDCs as printed on
packages (4-4-2, 5-3-2, 5-4-1, with or without hyphens, with "NDC" in front), lay names of
equipment as patients and suppliers say them, coders' abbreviations, brand names misspelt
as they are heard, and a dose after a drug or code. The expected codes are CMS's own: the
code whose description names the generic drug (the brand's ingredient is public labelling:
Keytruda is pembrolizumab) or the equipment in CMS's words. Scored like the main judged set
(tests/search/relevance.py); the tests and ``benchmarks/search_bench.py`` report both.
"""

from __future__ import annotations

from tests.search.judged_queries import Judged, JudgedQuery

KNEE_ORTHOSES = (
    "L1810 L1812 L1820 L1830 L1831 L1832 L1833 L1834 L1836 L1840 L1843 L1844 L1845 L1846 "
    "L1847 L1848 L1850 L1851 L1852 L1860"
)
INFLUENZA_VACCINES = "Q2034 Q2035 Q2036 Q2037 Q2038 Q2039 G0008"
PATIENT_LIFTS = "E0621 E0625 E0630 E0635 E0639 E0640"
GASEOUS_OXYGEN = "E0424 E0425 E0430 E0431 E0441 E0443 K0738"
GLUCOSE_MONITORS = "E0607 E2100 E2101 E2102 E2103 E2104 A4255"
SEAT_CUSHIONS = "E2601 E2602 E2603 E2604 E2605 E2606 E2607 E2608 E2609 E2610 E2622 E2623"
LUMBAR_ORTHOSES = (
    "L0625 L0626 L0627 L0628 L0629 L0630 L0631 L0632 L0633 L0634 L0635 L0636 L0637 L0638 "
    "L0639 L0640 L0641 L0642 L0643 L0648 L0649 L0650 L0651"
)
OSTOMY_POUCHES = (
    "A4375 A4376 A4377 A4378 A4379 A4380 A4381 A4382 A4383 A4387 A4388 A4389 A4390 A4391 "
    "A4392 A4393 A4394 A4395 A4416 A4417 A4418 A4419 A4420 A4423 A4424 A4425 A4426 A4427 "
    "A4428 A4429 A4430 A4431 A4432 A4433 A4434 A4435 A5051 A5052 A5053 A5054 A5055 A5056 "
    "A5057 A5061 A5062 A5063"
)
POWER_WHEELCHAIRS = " ".join(f"K{n:04d}" for n in range(813, 899)) + " K0010 K0011 K0012 K0014"
SCOOTERS = " ".join(f"K{n:04d}" for n in range(800, 813)) + " E1230"
CERVICAL_ORTHOSES = "L0112 L0113 L0120 L0130 L0140 L0150 L0160 L0170 L0172 L0174 L0180 L0190 L0200"
WRIST_ORTHOSES = "L3900 L3901 L3904 L3905 L3906 L3908 L3912 L3913 L3915 L3916 L3917 L3918 L3919"
ANKLE_ORTHOSES = (
    "L1902 L1904 L1906 L1907 L1910 L1920 L1930 L1932 L1940 L1945 L1950 L1951 L1960 L1970"
)
UNDERPADS = "A4553 A4554 T4541 T4542"
SURGICAL_STOCKINGS = "A4490 A4495 A4500 A4510"
TEST_STRIPS = "A4253 A4772"

VOCABULARY_JUDGED: list[JudgedQuery] = [
    # Brand names, as on the order or the vial.
    Judged("keytruda", "J9271", "brand"),
    Judged("Opdivo", "J9299", "brand"),
    Judged("humira", "J0135 J0139", "brand"),
    Judged("Remicade", "J1745", "brand"),
    Judged("botox", "J0585", "brand"),
    Judged("neulasta", "J2506", "brand"),
    Judged("herceptin", "J9355", "brand"),
    Judged("avastin", "J9035", "brand"),
    Judged("rituxan", "J9310 J9312", "brand"),
    Judged("prolia", "J0897", "brand"),
    Judged("xgeva", "J0897", "brand"),
    Judged("eylea", "J0178", "brand"),
    Judged("lucentis", "J2778", "brand"),
    Judged("toradol", "J1885", "brand"),
    Judged("zofran", "J2405 Q0162", "brand"),
    Judged("benadryl", "J1200", "brand"),
    Judged("rocephin", "J0696", "brand"),
    Judged("depo medrol", "J1020 J1030 J1040 J1010", "brand"),
    Judged("kenalog", "J3301", "brand"),
    Judged("solu medrol", "J2920 J2930 J2919", "brand"),
    Judged("decadron", "J1100", "brand"),  # (Narcan's naloxone codes ended 2025-06-30)
    Judged("lovenox", "J1650", "brand"),
    Judged("procrit", "J0885 Q4081", "brand"),
    Judged("neupogen", "J1442", "brand"),
    Judged("xolair", "J2357", "brand"),
    Judged("entyvio", "J3380", "brand"),
    Judged("stelara", "J3357 J3358", "brand"),
    Judged("depo provera", "J1050", "brand"),
    Judged("keytruda infusion", "J9271", "brand"),
    # Brand names misspelt as they are heard.
    Judged("keytrooda", "J9271", "brand misspelling"),
    Judged("remicaid", "J1745", "brand misspelling"),
    Judged("neulesta", "J2506", "brand misspelling"),
    Judged("humera", "J0135 J0139", "brand misspelling"),
    Judged("botex", "J0585", "brand misspelling"),
    Judged("herseptin", "J9355", "brand misspelling"),
    Judged("opdivio", "J9299", "brand misspelling"),
    Judged("prollia", "J0897", "brand misspelling"),
    # NDCs as printed on packages and claims.
    Judged("0006-3026-02", "J9271", "ndc 4-4-2"),
    Judged("00006-3026-02", "J9271", "ndc 5-4-2"),
    Judged("00006302602", "J9271", "ndc 11 digits"),
    Judged("0006302602", "J9271", "ndc 10 digits"),
    Judged("NDC 0006-3026-02", "J9271", "ndc with label"),
    Judged("57894-030-01", "J1745", "ndc 5-3-2"),
    Judged("55513-190-01", "J2506", "ndc 5-3-2"),
    Judged("0023-1145-01", "J0585", "ndc 4-4-2"),
    Judged("67684-2000-0", "A9575", "ndc 5-4-1"),
    # A dose after a drug or code.
    Judged("keytruda 200 mg", "J9271", "dose"),
    Judged("J9271 200mg", "J9271", "dose"),
    Judged("neulasta 6 mg", "J2506", "dose"),
    Judged("remicade 400 mg", "J1745", "dose"),
    # Everyday words for equipment and supplies.
    Judged("knee brace", KNEE_ORTHOSES, "lay term"),
    Judged("flu shot", INFLUENZA_VACCINES, "lay term"),
    Judged("hoyer lift", PATIENT_LIFTS, "lay term"),
    Judged("tens unit", "E0720 E0730", "lay term"),
    Judged("oxygen tank", GASEOUS_OXYGEN, "lay term"),
    Judged("glucometer", GLUCOSE_MONITORS, "lay term"),
    Judged("blood sugar monitor", GLUCOSE_MONITORS, "lay term"),
    Judged("wound vac", "E2402 A6550", "lay term"),
    Judged("knee scooter", "E0118", "lay term"),
    Judged("back brace", LUMBAR_ORTHOSES, "lay term"),
    Judged("neck brace", CERVICAL_ORTHOSES, "lay term"),
    Judged("wrist brace", WRIST_ORTHOSES, "lay term"),
    Judged("ankle brace", ANKLE_ORTHOSES, "lay term"),
    Judged("ostomy bag", OSTOMY_POUCHES, "lay term"),
    Judged("colostomy bag", OSTOMY_POUCHES, "lay term"),
    Judged("power chair", POWER_WHEELCHAIRS, "lay term"),
    Judged("mobility scooter", SCOOTERS, "lay term"),
    Judged("bipap machine", "E0470 E0471", "lay term"),
    Judged("pneumonia shot", "G0009", "lay term"),
    Judged("feeding tube", "B4081 B4082 B4083 B4087 B4088", "lay term"),
    Judged("ted hose", SURGICAL_STOCKINGS, "lay term"),
    Judged("chux", UNDERPADS, "lay term"),
    Judged("band aid", "A6413", "lay term"),
    Judged("sugar test strips", TEST_STRIPS, "lay term"),
    Judged("lift chair", "E0627", "lay term"),
    # Coders' abbreviations.
    Judged("bipap", "E0470 E0471", "abbreviation"),
    Judged("w/c cushion", SEAT_CUSHIONS, "abbreviation"),
    Judged("o2 concentrator", "E1390 E1391 E1392", "abbreviation"),
    Judged("afo", ANKLE_ORTHOSES, "abbreviation"),
    Judged("cgm", "E2102 E2103 A9276 A9277 A9278 K0553 K0554", "abbreviation"),
    Judged("pulse ox", "E0445", "abbreviation"),
    Judged("bp monitor", "A4670 A4660", "abbreviation"),
    Judged("b12 shot", "J3420", "abbreviation"),
    Judged("hep b shot", "G0010", "abbreviation"),
]
