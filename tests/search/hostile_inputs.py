"""Query strings meant to break a search: query-language syntax, SQL, size, bytes, Unicode.

Shared by the request tests (tests/search/test_bad_input.py) and the query-language tests
(tests/search/test_query_languages.py).
"""

HOSTILE_QUERIES = [
    # FTS5 and tsquery syntax: quotes, operators, prefixes, columns, grouping.
    '"', '""', '"""', 'wheel"chair', '"wheelchair cushion', "*", "**", "cushion*", "*cushion",
    "NEAR", "NEAR(wheelchair cushion, 2)", "wheelchair NEAR cushion", "-", "-wheelchair",
    "wheelchair -cushion", "--", ":", "code:E0100", "short_description:cushion", "^",
    "^wheelchair", "(", ")", "(wheelchair OR", "wheelchair)", "AND OR NOT", "wheelchair AND",
    "NOT", "OR", "a & b | !c <-> d", "cushion:*", "'cushion':* & !", "{a b}", "[x]", "+",
    "col1 : col2",
    # SQL-looking text.
    "'; DROP TABLE codes_hcpcscode; --", "1' OR '1'='1", "\" OR 1=1 --", "%", "_", "%_%",
    "\\", "'", "''", "a'b", "$1", "%s", "%(q)s", "?", "E0100'--",
    # Code-shaped edge cases.
    "E0100-", "-E0100", "E0100--E0199", "E0100-Z9999", "E", "E*", "Z9999", "00000",
    "A0021,,,,E1130", "E0100-E0199-E0299",
    # Length: 10,000 characters, one word and many.
    "A" * 10_000, "wheelchair " * 1_000, "E0100 " * 2_000, '"' * 10_000, "(" * 10_000,
    # NUL bytes and control characters.
    "\x00", "wheel\x00chair", "\x00E0100", "\x01\x02\x1f\x7f", "\t\n\r\x0b\x0c",
    "\u200b\u202e\ufeff", "\ud7ff",
    # Emoji and other Unicode.
    "😀", "🦽🦽", "wheelchair 🦽 cushion", "日本語", "Ω≈ç√", "ｗｈｅｅｌｃｈａｉｒ", "İstanbul",
    "straße", "e\u0301", "\u0000\u0000",
]
