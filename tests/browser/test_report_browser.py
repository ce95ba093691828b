"""The HTML report in a real headless Chromium: filters work from file://, injected text stays text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.report import render_html

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "sample_report.json"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(json.loads(SAMPLE.read_text(encoding="utf-8"))), encoding="utf-8")
    return path


@pytest.fixture
def page(browser, report_file):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs, page.console_errors, page.requests = [], [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(report_file.as_uri())
    page.wait_for_load_state("load")
    yield page
    context.close()


def _visible_count(page, selector: str) -> int:
    return sum(1 for element in page.locator(selector).all() if element.is_visible())


def test_script_runs_under_its_csp_and_nothing_is_fetched(page, report_file):
    assert page.locator("#filter-status").text_content() == "Showing all 19 items"  # 3 conflict cards
    assert page.console_errors == []
    assert page.requests == [report_file.as_uri()]


def test_injected_markup_shows_as_text_and_never_runs(page):
    claim = page.locator("#claim-3")
    assert "<script>alert(1)</script>" in claim.inner_text()
    assert "<img src=x onerror=alert(2)>" in claim.inner_text()
    assert page.locator("#doc-1 img").count() == 0 and page.locator("script").count() == 1
    page.locator("#claim-3").scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    assert page.dialogs == []


def test_document_filter(page):
    page.select_option("#filter-doc", "1")
    assert page.locator("#doc-1").is_visible() and not page.locator("#doc-2").is_visible()
    assert _visible_count(page, "article.pair") == 2
    assert _visible_count(page, "article.verification") == 1
    assert page.locator("#filter-status").text_content() == "Showing 6 of 19 items"


def test_verdict_and_relation_filters_combine_and_reset(page):
    page.select_option("#filter-verdict", "contradicted")
    assert _visible_count(page, "article.verification") == 3
    assert all("Contradicted" in card.inner_text() for card in page.locator("article.verification").all() if card.is_visible())
    assert "is-dimmed" in page.locator("#claim-9").get_attribute("class")
    page.select_option("#filter-relation", "conflict")
    assert _visible_count(page, "article.verification") == 2
    page.click("#filter-reset")
    assert _visible_count(page, "article.verification") == 5  # not found and unreachable folded away
    assert "is-dimmed" not in page.locator("#claim-9").get_attribute("class")


def test_unreachable_checks_are_folded_until_asked_for(page):
    assert not page.locator("#unreachable article.verification").is_visible()
    page.select_option("#filter-verdict", "unreachable")
    assert page.locator("#unreachable").get_attribute("open") is not None
    assert _visible_count(page, "article.verification") == 1
    assert "queue.example.net" in page.locator("#unreachable article.verification").inner_text()


def test_not_found_checks_are_folded_until_asked_for(page):
    assert not page.locator("#not-found article.verification").is_visible()
    page.select_option("#filter-verdict", "not_found")
    assert page.locator("#not-found").get_attribute("open") is not None
    assert _visible_count(page, "article.verification") == 1


def test_conflict_link_jumps_to_the_claim_in_its_document(page):
    page.locator("article.pair").first.locator("p.where a").nth(1).click()
    assert page.evaluate("location.hash") == "#claim-5"
    assert page.locator("#claim-5").is_visible()
    assert page.locator("#claim-5:target").count() == 1


def test_print_shows_filtered_items_and_hides_controls(page):
    page.select_option("#filter-doc", "3")
    page.emulate_media(media="print")
    assert page.locator("#doc-1").is_visible()
    assert not page.locator("#filters").is_visible()


def test_screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "report.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
