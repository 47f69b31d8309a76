"""Parse CMS's Table of Drugs and Alpha-Numeric Index PDFs into data/cms_index.json.

Run once by a maintainer when adding an edition; needs poppler's ``pdftotext`` (Debian:
``apt-get install poppler-utils``). The site itself only reads the JSON."""

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from codes.drugs import cms_index


class Command(BaseCommand):
    help = "Parse CMS Table of Drugs / Alpha-Numeric Index PDFs into the bundled JSON."

    def add_arguments(self, parser):
        parser.add_argument("pdfs", nargs="+", metavar="PDF")
        parser.add_argument("--output", default=str(settings.HCPCS_BUNDLED_INDEX))

    def handle(self, *args, pdfs, output, **options):
        if shutil.which("pdftotext") is None:
            raise CommandError("pdftotext (poppler-utils) is needed to read the PDFs.")
        rows, sources = [], []
        for pdf in pdfs:
            path = Path(pdf)
            done = subprocess.run(  # noqa: S603 - a fixed program and a path argument
                ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
                capture_output=True,
                check=False,
            )
            if done.returncode:
                raise CommandError(
                    f"{path.name}: not a readable PDF ({done.stderr.decode()[:200]})"
                )
            text = done.stdout.decode("utf-8", errors="replace")
            try:
                kind, year = cms_index.kind_of(text, path.name)
            except cms_index.NotCmsIndexError as exc:
                raise CommandError(str(exc)) from None
            found = cms_index.parse(text, path.name)
            sources.append(
                {
                    "file": path.name,
                    "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                    "kind": kind,
                    "edition": year,
                    "entries": len(found),
                }
            )
            rows += found
        kept = cms_index.newest_only(rows)
        document = {
            "about": "CMS HCPCS Table of Drugs and Alpha-Numeric Index entries, parsed from "
            "CMS's PDFs with pdftotext -layout and codes/drugs/cms_index.py; each entry kept "
            "from the newest edition that has it.",
            "sources": sources,
            "columns": ["source", "year", "term", "subterm", "detail", "code"],
            "entries": [
                [r[c] for c in ("source", "year", "term", "subterm", "detail", "code")]
                for r in kept
            ],
        }
        entries = document.pop("entries")
        head = json.dumps(document, ensure_ascii=False, indent=1)[:-2]
        body = ",\n".join(json.dumps(entry, ensure_ascii=False) for entry in entries)
        Path(output).write_text(f'{head},\n "entries": [\n{body}\n]}}\n')
        self.stdout.write(f"Wrote {len(kept)} entries from {len(sources)} files to {output}.")
