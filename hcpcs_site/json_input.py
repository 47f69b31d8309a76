"""The one JSON parser for request bodies (the API's and the FHIR service's): bounded in size
and in nesting depth, and refusing control characters in strings.

``json.loads`` alone recurses once per level of nesting, so 100,000 ``[`` end in a
RecursionError (a 500), and a document nested a few hundred levels deep still reaches code
that walks it recursively. A string holding NUL cannot be stored or even compared by
PostgreSQL (another 500). Here each of these is a ``JsonInputError`` naming the limit or the
place, which the API answers 400 (413 for size) and FHIR as an OperationOutcome.
"""

from __future__ import annotations

import json
import re

MAX_DEPTH = 32
# A control character escaped in JSON text (raw ones are refused by json.loads itself);
# tab, newline and carriage return are allowed.
_ESCAPED_CONTROL = re.compile(r"\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])|\\u007[fF]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class JsonInputError(ValueError):
    """The body is not acceptable JSON; ``status`` is 400, or 413 when it is too large."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


def _path(parts: list) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the document"


def _walk(document: object, *, strings: bool) -> None:
    """Refuse nesting deeper than MAX_DEPTH and (when ``strings``) control characters,
    without recursion."""
    stack: list[tuple[object, list]] = [(document, [])]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            items = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            if strings and isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                char = CONTROL_CHARACTERS.search(value).group()
                raise JsonInputError(
                    f"{_path(where)} holds a control character (U+{ord(char):04X}); remove it."
                )
            continue
        if len(where) >= MAX_DEPTH:
            raise JsonInputError(f"The JSON is nested more than {MAX_DEPTH} levels deep.")
        for key, item in items:
            if strings and isinstance(key, str) and CONTROL_CHARACTERS.search(key):
                raise JsonInputError(f"A name in {_path(where)} holds a control character.")
            if isinstance(item, dict | list) or strings:
                stack.append((item, [*where, key]))


def parse(raw: bytes | str, *, max_bytes: int) -> object:
    """The document in ``raw``, or JsonInputError saying what is wrong with it."""
    if len(raw) > max_bytes:
        raise JsonInputError(f"The body is over {max_bytes:,} bytes.", status=413)
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as error:
        raise JsonInputError(f"The body is not UTF-8 text ({error.reason}).") from None
    try:
        document = json.loads(text)
    except RecursionError:
        raise JsonInputError(f"The JSON is nested more than {MAX_DEPTH} levels deep.") from None
    except ValueError as error:
        raise JsonInputError(f"The body is not JSON ({error}).") from None
    _walk(document, strings=bool(_ESCAPED_CONTROL.search(text)))
    return document
