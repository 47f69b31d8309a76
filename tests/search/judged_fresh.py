# ruff: noqa: E501
"""Fresh judged queries, written apart from the search code.

Written on 2026-12-04 by someone who saw neither the search code nor the project's other
judged sets and vocabulary (synonyms, abbreviations, index); judged only from CMS's own
record text. Every expected code is active (no TERM DT) in both CMS's October 2025 release
and its July 2026 release, with a description that makes it a right answer (the comment
after each row quotes the July 2026 long description of the first code, abbreviated). A
query is a hit when any of its expected codes is in the first five results. ``held_out``
is chosen by a hash of the query text, never by how hard a query looks: it is True exactly
when ``int(hashlib.sha1(query.encode()).hexdigest(), 16) % 5 == 0``. A query that
another judged set already has (24 of the 129 written) is left to that set.
"""

from __future__ import annotations

from tests.search.judged_queries import Judged, JudgedQuery

MATTRESS_FOR_BED_SORES = (
    "E0184 E0186 E0187 E0196 E0277 E0373 E0181 E0185 E0197 E0198 E0199 E0371 E0372"
)
GEL_INJECTION_FOR_KNEE_ARTHRITIS = (
    "J7318 J7320 J7321 J7322 J7323 J7324 J7325 J7326 J7327 J7328 J7329 J7331 J7332"
)
HOME_HEALTH_SKILLED_NURSING_VISIT = (
    "G0299 G0300 G0493 G0494 G0495 G0496 G0162 S9123 S9124 T1030 T1031"
)
PRBC_UNIT = "P9021 P9016 P9022 P9027 P9038 P9039 P9040 P9051 P9054 P9057 P9058"

# One row a line: the trailing comment quotes CMS.
# fmt: off
FRESH_JUDGED: list[JudgedQuery] = [
    # --- lay: what patients, caregivers and billers call the item or service
    Judged("knee walker", "E0118", "lay"),  # E0118: "Crutch substitute, lower leg platform, with or without wheels, each"
    Judged("portable toilet chair", "E0163 E0165 E0168 E0170 E0171", "lay"),  # E0163: "Commode chair, mobile or stationary, with fixed arms"
    Judged("bathtub grab bar", "E0241 E0242", "lay"),  # E0241: "Bath tub wall rail, each"
    Judged("sleep apnea machine", "E0601 E0470", "lay"),  # E0601: "Continuous positive airway pressure (cpap) device"
    Judged("home oxygen machine", "E1390 E1391 E1392", "lay", held_out=True),  # E1390: "Oxygen concentrator, single delivery port, capable of delivering 85 percent or greater..."
    Judged("ice machine after surgery", "E0218", "lay"),  # E0218: "Fluid circulating cold pad with pump, any type"
    Judged("mattress for bed sores", MATTRESS_FOR_BED_SORES, "lay"),  # E0184: "Dry pressure mattress"
    Judged("lymphedema pump", "E0650 E0651 E0652", "lay", held_out=True),  # E0650: "Pneumatic compressor, non-segmental home model"
    Judged("bed pads for incontinence", "A4554 A4553 T4537 T4541 T4542", "lay"),  # A4554: "Disposable underpads, all sizes"
    Judged("blood sugar test strips", "A4253 A4772", "lay"),  # A4253: "Blood glucose test or reagent strips for home blood glucose monitor, per 50 strips"
    Judged("talking glucose meter", "E2100", "lay"),  # E2100: "Blood glucose monitor with integrated voice synthesizer"
    Judged("boot for broken foot", "L4360 L4361 L4386 L4387", "lay"),  # L4360: "Walking boot, pneumatic and/or vacuum, with or without joints, with or without interfac..."
    Judged("stump socks", "L8420 L8430 L8435 L8470 L8480 L8485 L8417", "lay"),  # L8420: "Prosthetic sock, multiple ply, below knee, each"
    Judged("glass eye", "V2623 V2629", "lay"),  # V2623: "Prosthetic eye, plastic, custom"
    Judged("cataract lens implant", "V2630 V2631 V2632 Q1004 Q1005 C1840", "lay"),  # V2630: "Anterior chamber intraocular lens"
    Judged("no-line bifocals", "V2781 PL", "lay", held_out=True),  # V2781: "Progressive lens, per lens"
    Judged("flashing doorbell for deaf", "V5269", "lay"),  # V5269: "Assistive listening device, alerting, any type"
    Judged("taxi to doctor appointment", "A0100", "lay"),  # A0100: "Non-emergency transportation; taxi"
    Judged("helicopter ambulance", "A0431 S9961", "lay"),  # A0431: "Ambulance service, conventional air services, transport, one way (rotary wing)"
    Judged("gel injection for knee arthritis", GEL_INJECTION_FOR_KNEE_ARTHRITIS, "lay"),  # J7318: "Hyaluronan or derivative, durolane, for intra-articular injection, 1 mg"
    Judged("overdose reversal nasal spray", "G2215 G1028 G0532", "lay"),  # G2215: "Take-home supply of nasal naloxone; 2-pack of 4mg per 0.1 ml nasal spray (provision of..."
    Judged("earwax removal", "G0268", "lay"),  # G0268: "Removal of impacted cerumen (one or both ears) by physician on same date of service as..."
    Judged("3d mammogram", "G0279", "lay"),  # G0279: "Diagnostic digital breast tomosynthesis, unilateral or bilateral (list separately in ad..."
    Judged("medical alert button", "S5160 S5161 S5162", "lay"),  # S5160: "Emergency response system; installation and testing"
    Judged("bedwetting alarm", "S8270", "lay", held_out=True),  # S8270: "Enuresis alarm, using auditory buzzer and/or vibration device"
    Judged("at-home covid test", "K1034", "lay", held_out=True),  # K1034: "Provision of covid-19 test, nonprescription self-administered and self-collected use, f..."
    # --- service: services and supplies in coders' and billers' words
    Judged("welcome to medicare exam", "G0402 G0468", "service"),  # G0402: "Initial preventive physical examination; face-to-face visit, services limited to new be..."
    Judged("alcohol misuse counseling", "G0443 G0396 G0397 G2011", "service"),  # G0443: "Brief face-to-face behavioral counseling for alcohol misuse, 15 minutes"
    Judged("lung cancer screening shared decision making", "G0296", "service"),  # G0296: "Counseling visit to discuss need for lung cancer screening using low dose ct scan (ldct..."
    Judged("home health skilled nursing visit", HOME_HEALTH_SKILLED_NURSING_VISIT, "service"),  # G0299: "Direct skilled nursing services of a registered nurse (rn) in the home health or hospic..."
    Judged("hospice care in nursing home", "Q5003 Q5004 Q5007", "service"),  # Q5003: "Hospice care provided in nursing long term care facility (ltc) or non-skilled nursing f..."
    Judged("peer support services", "H0038 G0140 G0146 G0536", "service"),  # H0038: "Self-help/peer services, per 15 minutes"
    Judged("crisis intervention services", "H2011 S9484 S9485 T2034 H0007", "service"),  # H2011: "Crisis intervention service, per 15 minutes"
    Judged("mental health partial hospitalization", "H0035 S0201", "service", held_out=True),  # H0035: "Mental health partial hospitalization, treatment, less than 24 hours"
    Judged("respite care", "T1005 S5150 S5151 S9125 H0045 G0529 G0531 T2044", "service", held_out=True),  # T1005: "Respite care services, up to 15 minutes"
    Judged("adult day care", "S5100 S5101 S5102 S5105 G0530", "service", held_out=True),  # S5100: "Day care services, adult; per 15 minutes"
    Judged("interpreter services", "T1013", "service"),  # T1013: "Sign language or oral interpretive services, per 15 minutes"
    Judged("doula services", "T1032 T1033", "service"),  # T1032: "Services performed by a doula birth worker, per 15 minutes"
    Judged("virtual check-in", "G2252 G2251", "service"),  # G2252: "Brief communication technology-based service, e.g. virtual check-in, by a physician or..."
    Judged("behavioral health care management", "G0323", "service"),  # G0323: "Care management services for behavioral health conditions, at least 20 minutes of clini..."
    Judged("patient navigator services", "G0023 G0024 G0140 G0146 G0535", "service"),  # G0023: "Principal illness navigation services by certified or trained auxiliary personnel under..."
    Judged("community health worker services", "G0019 G0022", "service"),  # G0019: "Community health integration services performed by certified or trained auxiliary perso..."
    Judged("suicide safety plan", "G0560", "service"),  # G0560: "Safety planning interventions, each 20 minutes personally performed by the billing prac..."
    Judged("methadone clinic services", "G2067 G2078 H0020", "service"),  # G2067: "Medication assisted treatment, methadone; weekly bundle including dispensing and/or adm..."
    Judged("ambulance treat no transport", "A0998 G2021", "service"),  # A0998: "Ambulance response and treatment, no transport"
    Judged("pap smear collection", "Q0091", "service"),  # Q0091: "Screening papanicolaou smear; obtaining, preparing and conveyance of cervical or vagina..."
    Judged("hiv screening test", "G0475 G0432 G0433 G0435", "service", held_out=True),  # G0475: "Hiv antigen/antibody, combination assay, screening"
    Judged("dental rehab facility fee under anesthesia", "G0330", "service"),  # G0330: "Facility services for dental rehabilitation procedure(s) performed on a patient who req..."
    Judged("home infusion antibiotics", "S9494 S9497 S9500 S9501 S9502 S9503 S9504", "service"),  # S9494: "Home infusion therapy, antibiotic, antiviral, or antifungal therapy; administrative ser..."
    # --- partial: mostly CMS's words, one different (synonym, order, extra word, no setting)
    Judged("folding walker with wheels", "E0143 E0149 E0144", "partial"),  # E0143: "Walker, folding, wheeled, adjustable or fixed height"
    Judged("standard manual wheelchair", "K0001", "partial"),  # K0001: "Standard wheelchair"
    Judged("heavy duty wheeled walker", "E0149 E0147", "partial", held_out=True),  # E0149: "Walker, heavy duty, wheeled, rigid or folding, any type"
    Judged("raised commode seat", "E0244", "partial"),  # E0244: "Raised toilet seat"
    Judged("shower chair with wheels", "E0240", "partial", held_out=True),  # E0240: "Bath/shower chair, with or without wheels, any size"
    Judged("semi-electric bed with mattress", "E0260 E0294", "partial"),  # E0260: "Hospital bed, semi-electric (head and foot adjustment), with any type side rails, with..."
    Judged("alternating pressure mattress pad", "E0181 E0183", "partial", held_out=True),  # E0181: "Powered pressure reducing mattress overlay/pad, alternating, with pump, includes heavy..."
    Judged("dual port oxygen concentrator", "E1391", "partial"),  # E1391: "Oxygen concentrator, dual delivery port, capable of delivering 85 percent or greater ox..."
    Judged("heated humidifier for cpap", "E0562", "partial", held_out=True),  # E0562: "Humidifier, heated, used with positive airway pressure device"
    Judged("cpap nasal pillows", "A7034 A7033 A7029", "partial"),  # A7034: "Nasal interface (mask or cannula type) used with positive airway pressure device, with..."
    Judged("bedside urine drainage bag", "A4357", "partial"),  # A4357: "Bedside drainage bag, day or night, with or without anti-reflux device, with or without..."
    Judged("coude intermittent catheter", "A4352", "partial"),  # A4352: "Intermittent urinary catheter; coude (curved) tip, with or without coating (teflon, sil..."
    Judged("foley catheter insertion tray", "A4311 A4312 A4313 A4314 A4315 A4316", "partial"),  # A4311: "Insertion tray without drainage bag with indwelling catheter, foley type, two-way latex..."
    Judged("calcium alginate dressing", "A6196 A6197 A6198 A6199", "partial"),  # A6196: "Alginate or other fiber gelling dressing, wound cover, sterile, pad size 16 sq. in. or..."
    Judged("below knee compression stockings", "A6530 A6531 A6532 A6552 A6553 A6554 A6555 A6610", "partial"),  # A6530: "Gradient compression stocking, below knee, 18-30 mmhg, each"
    Judged("ceftriaxone shot", "J0696", "partial"),  # J0696: "Injection, ceftriaxone sodium, per 250 mg"
    Judged("triamcinolone injection", "J3301 J3300 J3302 J3303 J3304 J3299", "partial"),  # J3301: "Injection, triamcinolone acetonide, not otherwise specified, 10 mg"
    Judged("vancomycin iv", "J3373 J3374 J3375", "partial"),  # J3373: "Injection, vancomycin hydrochloride, 10 mg"
    Judged("rh immune globulin injection", "J2790 J2788 J2791 J2792", "partial"),  # J2790: "Injection, rho d immune globulin, human, full dose, 300 micrograms (1500 i.u.)"
    Judged("originating site fee", "Q3014", "partial"),  # Q3014: "Telehealth originating site facility fee"
    Judged("ground ambulance mileage", "A0425", "partial"),  # A0425: "Ground mileage, per statute mile"
    Judged("wheelchair van transport", "A0130 S0209", "partial", held_out=True),  # A0130: "Non-emergency transportation: wheelchair van"
    Judged("childbirth education classes", "S9436 S9437 S9438 S9439 S9442", "partial"),  # S9436: "Childbirth preparation/lamaze classes, non-physician provider, per session"
    # --- abbreviation: acronyms coders use, alone or with a word or two
    Judged("aac device", "E2500 E2502 E2504 E2506 E2508 E2510 E2511", "abbreviation", held_out=True),  # E2500: "Speech generating device, digitized speech, using pre-recorded messages, less than or e..."
    Judged("peg tube", "B4087 B4088", "abbreviation"),  # B4087: "Gastrostomy/jejunostomy tube, standard, any material, any type, each"
    Judged("npwt pump", "E2402 K0743 A9272", "abbreviation"),  # E2402: "Negative pressure wound therapy electrical pump, stationary or portable"
    Judged("bp cuff", "A4660 A4663 A4670", "abbreviation"),  # A4660: "Sphygmomanometer/blood pressure apparatus with cuff and stethoscope"
    Judged("pd dialysate", "A4720 A4721 A4722 A4723 A4724 A4725 A4726", "abbreviation"),  # A4720: "Dialysate solution, any concentration of dextrose, fluid volume greater than 249 cc, bu..."
    Judged("prbc unit", PRBC_UNIT, "abbreviation"),  # P9021: "Red blood cells, each unit"
    Judged("ffp", "P9017 P9059 P9060", "abbreviation"),  # P9017: "Fresh frozen plasma (single donor), frozen within 8 hours of collection, each unit"
    Judged("iud", "J7300 J7296 J7297 J7298 J7301 S4989 S4981", "abbreviation"),  # J7300: "Intrauterine copper contraceptive (paragard)"
    Judged("hcv screening", "G0472 G0567", "abbreviation", held_out=True),  # G0472: "Hepatitis c antibody screening, for individual at high risk and other covered indicatio..."
    Judged("sti counseling", "G0445", "abbreviation"),  # G0445: "High intensity behavioral counseling to prevent sexually transmitted infection; face-to..."
    Judged("ccbhc", "T1040 T1041", "abbreviation"),  # T1040: "Medicaid certified community behavioral health clinic services, per diem"
    Judged("act team", "H0039 H0040", "abbreviation"),  # H0039: "Assertive community treatment, face-to-face, per 15 minutes"
    Judged("obot", "G2086 G2087 G2088", "abbreviation"),  # G2086: "Office-based treatment for opioid use disorder, including development of the treatment..."
    Judged("cocm", "G2214", "abbreviation"),  # G2214: "Initial or subsequent psychiatric collaborative care management, first 30 minutes in a..."
    Judged("eecp", "G0166", "abbreviation"),  # G0166: "External counterpulsation, per treatment session"
    Judged("fit test", "G0328", "abbreviation"),  # G0328: "Colorectal cancer screening; fecal occult blood test, immunoassay, 1-3 simultaneous"
    Judged("nemt stretcher van", "T2005 T2049", "abbreviation"),  # T2005: "Non-emergency transportation; stretcher van"
    Judged("home pt visit", "G0151 G0157 G0159 G2168 S9131", "abbreviation"),  # G0151: "Services performed by a qualified physical therapist in the home health or hospice sett..."
    # --- modifier meaning: a paraphrase of what a modifier means
    Judged("procedure on the left", "LT", "modifier meaning", held_out=True),  # LT: "Left side (used to identify procedures performed on the left side of the body)"
    Judged("left big toe", "TA", "modifier meaning"),  # TA: "Left foot, great toe"
    Judged("unused drug thrown away", "JW", "modifier meaning"),  # JW: "Drug amount discarded/not administered to any patient"
    Judged("phone only visit no video", "FQ", "modifier meaning"),  # FQ: "The service was furnished using audio-only communication technology"
    Judged("signed abn on file", "GA GX", "modifier meaning", held_out=True),  # GA: "Waiver of liability statement issued as required by payer policy, individual case"
    Judged("expected denial no abn", "GZ", "modifier meaning"),  # GZ: "Item or service expected to be denied as not reasonable and necessary"
    Judged("secondhand equipment", "UE", "modifier meaning"),  # UE: "Used durable medical equipment"
    Judged("renting the equipment", "RR LL BR", "modifier meaning"),  # RR: "Rental (use the 'rr' modifier when dme is to be rented)"
    Judged("resident supervised by teaching physician", "GC", "modifier meaning", held_out=True),  # GC: "This service has been performed in part by a resident under the direction of a teaching..."
    Judged("hospice patient unrelated condition", "GW", "modifier meaning"),  # GW: "Service not related to the hospice patient's terminal condition"
    Judged("never covered by medicare", "GY", "modifier meaning", held_out=True),  # GY: "Item or service statutorily excluded, does not meet the definition of any medicare bene..."
    Judged("two patients one ambulance trip", "GM", "modifier meaning"),  # GM: "Multiple patients on one ambulance trip"
    Judged("upper lid of left eye", "E1", "modifier meaning"),  # E1: "Upper left, eyelid"
    Judged("nurse practitioner assisting at surgery", "AS", "modifier meaning"),  # AS: "Physician assistant, nurse practitioner, or clinical nurse specialist services for assi..."
    Judged("clinician with masters degree", "HO", "modifier meaning", held_out=True),  # HO: "Masters degree level"
]
# fmt: on
