"""The batch check page itself on the bundled releases: reached from the code page with a code
and a date, the sample file, the report's facts (when checked, against which release, which
column was read as what), paging both lists through the carried batch, and the print header
stylesheet of code pages and reports."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from codes.models import HcpcsCode, Release
from codes.validation.views import PAGE_SIZE, page_links


@pytest.fixture
def latest(bundled):
    return Release.objects.latest_published()


def hidden(page: str, name: str) -> str:
    return html.unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))


def carried(page: str) -> dict:
    """What the report's form sends back: its hidden fields."""
    names = ("lines", "source", "columns", "only_problems", "problems_page", "lines_page")
    return {name: hidden(page, name) for name in names}


def text(page: str) -> str:
    """The page's words, tags taken out."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split()).replace(" ,", ",")


def lines_shown(page: str, section: str) -> list[int]:
    """Line numbers of the rows of one list ("problems" or "lines")."""
    start = page.index(f'id="{section}"')
    end = page.find("</section>", start)
    return [int(n) for n in re.findall(r'<td data-label="Line">(\d+)', page[start:end])]


# --- reached from a code page --------------------------------------------------------------


def test_the_code_page_opens_the_batch_check_with_its_code_and_a_date(client, bundled):
    page = client.get("/codes/J9271/").content.decode()
    form = page[page.index('class="as-of check-on-date"') :].split("</form>")[0]
    assert 'action="/validate/"' in form and 'method="get"' in form
    assert '<input type="hidden" name="code" value="J9271">' in form
    assert 'type="date" name="date"' in form

    opened = client.get("/validate/", {"code": "j9271", "date": "2026-01-15"})
    assert opened.status_code == 200
    text = opened.content.decode()
    assert re.search(r"<textarea[^>]*>\s*J9271, 2026-01-15</textarea>", text)
    assert 'name="default_date" value="2026-01-15"' in text
    assert 'role="alert"' not in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"code": "<b>J9271", "date": "2026-01-15"}, "“&lt;b&gt;J9271” in the address is not"),
        ({"code": "J9271", "date": "2026-02-30"}, "“2026-02-30” in the address is not a date"),
        ({"code": "Q" * 500}, "is not an HCPCS code or modifier"),
    ],
)
def test_bad_parameters_are_explained_not_used(client, bundled, params, message):
    response = client.get("/validate/", params)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text and "<b>J9271" not in text
    if params["code"] == "J9271":  # a good code with a bad date: the line keeps the code
        assert re.search(r"<textarea[^>]*>\s*J9271</textarea>", text)
    else:
        assert re.search(r"<textarea[^>]*>\s*</textarea>", text)


def test_the_header_and_home_page_lead_to_the_batch_check(client, bundled):
    home = client.get("/").content.decode()
    nav = home[home.index('<nav aria-label="Site">') :].split("</nav>")[0]
    assert '<a href="/validate/">Batch check</a>' in nav
    intro = home[home.index('id="batch-check-intro"') :].split("</p>")[0]
    assert 'href="/validate/">batch check</a>' in intro
    assert "valid on its date of service" in intro
    own = client.get("/validate/").content.decode()
    assert '<a href="/validate/" aria-current="page">Batch check</a>' in own


# --- the sample file -----------------------------------------------------------------------


def test_the_sample_csv_has_real_lines_the_check_reads(client, bundled):
    page = client.get("/validate/").content.decode()
    assert 'href="/validate/sample.csv" download' in page
    response = client.get("/validate/sample.csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="hcpcs-batch-check-sample.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Line ID",
        "HCPCS",
        "Date of Service",
        "Modifier 1",
        "Modifier 2",
        "Units",
        "NDC",
        "State",
    ]
    codes = {row[1] for row in rows[1:]} | {m for row in rows[1:] for m in row[3:5] if m}
    assert set(HcpcsCode.objects.filter(code__in=codes).values_list("code", flat=True)) == codes
    upload = SimpleUploadedFile("sample.csv", response.content, content_type="text/csv")
    report = client.post("/validate/", {"file": upload}).content.decode()
    assert "5</strong> lines from sample.csv: <strong>3</strong> valid" in report
    assert lines_shown(report, "problems") == [5, 6]  # C9304 and G0503: terminated
    assert "CLM1001-1" in report and "Last valid day 2025-06-30; replaced by J7172" in report
    assert "DMEPOS fee" in report  # E0100 in Alabama


# --- the report ----------------------------------------------------------------------------


def test_the_report_says_when_against_what_and_how_the_columns_were_read(client, latest):
    data = "HCPCS;Date of Service;Line ID\nQ4390;2025-11-01;a-1\n"
    upload = SimpleUploadedFile("claims.csv", data.encode(), content_type="text/csv")
    before = timezone.localtime().replace(second=0, microsecond=0)
    page = client.post("/validate/", {"file": upload}).content.decode()
    facts = page[page.index('class="batch-facts"') :].split("</dl>")[0]
    checked = re.search(r"<dt>Checked</dt><dd>(\d{4}-\d\d-\d\d \d\d:\d\d)", facts).group(1)
    assert checked >= before.strftime("%Y-%m-%d %H:%M")
    assert f"up to {latest.label} (in force since {latest.effective_date:%Y-%m-%d})" in facts
    # Carried back as the report's hidden field: a later page still names the file's headers.
    columns = '[["code", "HCPCS"], ["date", "Date of Service"], ["id", "<i>Line</i> ID"]]'
    later = client.post("/validate/", {**carried(page), "columns": columns}).content.decode()
    assert "“&lt;i&gt;Line&lt;/i&gt; ID” as line id" in later
    assert (
        "Columns read “HCPCS” as code, “Date of Service” as date of service, "
        "“&lt;i&gt;Line&lt;/i&gt; ID” as line id"
    ) in text(later)
    none = client.post("/validate/", {**carried(page), "columns": "[]"}).content.decode()
    assert "Columns read no header row: code, date of service, modifiers and line id" in text(none)
    mangled = client.post("/validate/", {**carried(page), "columns": "{oops"})
    assert mangled.status_code == 200


def test_problems_come_first_and_both_lists_page_through_the_carried_batch(bundled):
    client = Client(enforce_csrf_checks=True)
    codes = ["Q4390, 2025-11-01", "C9304, 2025-08-01"]  # valid, terminated
    lines = "\n".join(codes[i % 5 == 0] for i in range(1, 451))  # 90 problems in 450 lines
    token_page = client.get("/validate/").content.decode()
    token = hidden(token_page, "csrfmiddlewaretoken")
    first = client.post("/validate/", {"lines": lines, "csrfmiddlewaretoken": token})
    page = first.content.decode()
    assert page.index('id="problems"') < page.index('id="lines"')
    assert lines_shown(page, "problems") == list(range(5, 451, 5))
    assert lines_shown(page, "lines") == list(range(1, PAGE_SIZE + 1))
    assert "Every line 1–200 of 450" in page and "Lines with a problem 1" not in page
    assert 'formaction="/validate/#lines" name="goto" value="lines:3"' in page

    back = {**carried(page), "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken")}
    third = client.post("/validate/", {**back, "goto": "lines:3"}).content.decode()
    assert lines_shown(third, "lines") == list(range(401, 451))
    assert lines_shown(third, "problems") == list(range(5, 451, 5))
    assert hidden(third, "lines_page") == "3"
    assert '<strong aria-current="page">3</strong>' in third
    for bad, shown in (("lines:abc", 1), ("lines:999", 401), ("nowhere:2", 1)):
        other = client.post("/validate/", {**back, "goto": bad}).content.decode()
        assert lines_shown(other, "lines")[0] == shown, bad

    only = client.post("/validate/", {**back, "show": "problems"}).content.decode()
    assert 'id="lines"' not in only and hidden(only, "only_problems") == "on"
    assert "Show every line" in only
    again = client.post("/validate/", {**carried(only), "csrfmiddlewaretoken": token})
    assert 'id="lines"' not in again.content.decode()
    assert Client(enforce_csrf_checks=True).post("/validate/", back).status_code == 403


def test_ten_thousand_lines_make_a_page_of_two_hundred_rows_a_list(client, bundled):
    codes = list(HcpcsCode.objects.order_by("code").values_list("code", flat=True)[:2500])
    lines = "\n".join(f"{code}, 2025-07-01" for code in codes * 4)
    response = client.post("/validate/", {"lines": lines})
    page = response.content.decode()
    assert len(response.content) < 2 * 1024 * 1024
    assert "10000</strong> lines" in page
    assert len(lines_shown(page, "lines")) == PAGE_SIZE
    assert 0 < len(lines_shown(page, "problems")) <= PAGE_SIZE
    assert page.count('name="lines" value=') == 1  # the batch is carried once


def test_page_links_show_both_ends_and_the_neighbourhood():
    from django.core.paginator import Paginator

    pages = Paginator(range(10_000), PAGE_SIZE)
    assert page_links(pages.page(1)) == [1, 2, 3, None, 50]
    assert page_links(pages.page(25)) == [1, None, 23, 24, 25, 26, 27, None, 50]
    assert page_links(pages.page(4)) == [1, 2, 3, 4, 5, 6, None, 50]
    assert page_links(Paginator(range(3), PAGE_SIZE).page(1)) == [1]


# --- the running header of printed pages ---------------------------------------------------


def test_print_header_names_the_code_release_and_day(client, latest):
    code_page = client.get("/codes/J9271/").content.decode()
    link = f'href="/print.css?title=J9271&amp;release={latest.pk}"'
    assert f'<link rel="stylesheet" media="print" {link}>' in code_page
    css = client.get("/print.css", {"title": "J9271", "release": latest.pk})
    assert css["Content-Type"] == "text/css; charset=utf-8"
    text = css.content.decode()
    today = timezone.localdate().isoformat()
    label = latest.label
    assert f'@top-left {{ content: "HCPCS J9271 \\b7  data: CMS release {label}"; }}' in text
    assert f'@top-right {{ content: "printed {today}"; }}' in text
    report = client.post("/validate/", {"lines": "Q4390, 2025-11-01"}).content.decode()
    assert f'media="print" href="/print.css?title=batch&amp;release={latest.pk}"' in report
    batch = client.get("/print.css", {"title": "batch", "release": latest.pk}).content.decode()
    assert '"Batch check \\b7  data: CMS release' in batch


@pytest.mark.parametrize(
    ("title", "release"), [('"}body{display:none', ""), ("J9271", "x"), ("J9271", "99999")]
)
def test_print_header_takes_no_text_from_the_address(client, bundled, title, release):
    text = client.get("/print.css", {"title": title, "release": release}).content.decode()
    assert "display" not in text and "}body" not in text
    assert "CMS release" not in text
    assert text.count("{") == text.count("}") == 3


def test_a_report_sent_back_mangled_is_a_message(client, bundled):
    sheet = "claims " * 11 + "(sheet 'Claims of the third quarter')"  # a long file name
    fine = client.post("/validate/", {"lines": "Q4390, 2025-11-01", "source": sheet})
    assert fine.status_code == 200 and "1</strong> line from claims" in fine.content.decode()
    response = client.post("/validate/", {"lines": "Q4390, 2025-11-01", "source": "x" * 300})
    assert response.status_code == 400
    assert "The report sent back could not be read (source: " in response.content.decode()
