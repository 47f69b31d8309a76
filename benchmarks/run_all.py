"""Run every benchmark in turn (``make bench``); each writes its own results file."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "import_bench.py",
    "search_bench.py",
    "curation_bench.py",
    "fhir_bench.py",
    "validation_bench.py",
    "validate_page_bench.py",
    "fees_bench.py",
]

if __name__ == "__main__":
    for script in SCRIPTS:
        print(f"== {script}", flush=True)
        subprocess.run([sys.executable, str(HERE / script)], check=True)  # noqa: S603
