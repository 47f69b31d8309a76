"""The sample batch file offered on ``/validate/``: the columns a billing system's export
usually has, with a few real lines from the bundled CMS data: a drug with its NDC, a skin
substitute with a side, a DMEPOS item priced in a state, and two codes terminated before
their dates of service (one replaced by a HCPCS code, one by a CPT code)."""

SAMPLE_NAME = "hcpcs-batch-check-sample.csv"
SAMPLE_CSV = (
    "Line ID,HCPCS,Date of Service,Modifier 1,Modifier 2,Units,NDC,State\r\n"
    "CLM1001-1,J9271,2026-01-15,JZ,,100,00006-3026-02,\r\n"
    "CLM1001-2,Q4390,2025-11-01,LT,,1,,\r\n"
    "CLM1002-1,E0100,2026-01-15,NU,KX,1,,AL\r\n"
    "CLM1002-2,C9304,2025-08-01,,,1,,\r\n"
    "CLM1003-1,G0503,2025-01-01,,,1,,\r\n"
)
