"""`claimcheck serve` in a real headless Chromium, over a real SQLite file: browse the queue, open
a conflict with both sources side by side, record a review and find it in `claimcheck history`,
a change made on a stale page refused, forms without the CSRF token refused, document markup
shown as text."""

from __future__ import annotations

import json
import threading

import pytest
from click.testing import CliRunner
from werkzeug.serving import make_server

from claimcheck.cli import cli
from claimcheck.model import Claim, Evidence, Extraction, Match, SourceDocument, VerificationResult
from claimcheck.serve import create_app
from claimcheck.store import SqlStore


LEDGER = ("Residents were evacuated on 3 May. <script>alert(1)</script> "
          "The port closed for six days.")
DESK = "Residents were evacuated on 5 May. The mayor spoke later."


def _document(store: SqlStore, text: str, sha: str, source: str) -> list[int]:
    first = text.index(".") + 1
    claims = (Claim(text=text[:first], start=0, end=first, paragraph=1, checkworthiness=0.9),
              Claim(text=text[-len("The port closed for six days."):] if "port" in text
                    else text[first + 1:], start=len(text) - len("The port closed for six days.")
                    if "port" in text else first + 1, end=len(text), paragraph=1))
    doc_id, _ = store.add_document(
        SourceDocument(text=text, sha256=sha * 64, location=f"{source}.txt", title=f"{source} story",
                       source=source, paragraphs=((0, len(text)),)),
        Extraction(claims=claims))
    return [c.id for c in store.claims([doc_id])]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("serve") / "review.db")
    store = SqlStore(db)
    ledger = _document(store, LEDGER, "a", "Harbour Ledger")
    desk = _document(store, DESK, "b", "City Desk")
    store.save_matches([Match(ledger[0], desk[0], 92.0, "conflict")])
    store.save_verifications([(ledger[0], "https://records.example.org/may", None,
                               VerificationResult("supported", Evidence(
                                   "Residents were evacuated on 3 May.", 0, 34)))])
    app = create_app(store, reviewer="ann", organisation="Harbour Checks")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "db": db, "ledger": ledger,
           "desk": desk, "store": store}
    server.shutdown()
    thread.join(5)
    store.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def _watch(page):
    page.dialogs, page.requests = [], []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: page.requests.append(r.url))
    return page


def test_open_a_conflict_record_a_review_and_see_it_in_history(site, context):
    page = _watch(context.new_page())
    page.goto(site["url"] + "/")
    first = page.locator("#queue tbody tr").first
    conflicted = {str(site["ledger"][0]), str(site["desk"][0])}
    assert first.get_attribute("data-claim") in conflicted  # conflicts first
    assert page.locator("#queue tbody tr").nth(1).get_attribute("data-claim") in conflicted
    assert first.locator("td").nth(1).inner_text() == "conflict"
    first.locator("a").click()
    page.wait_for_load_state("load")
    page.locator("a.match-link").first.click()
    page.wait_for_load_state("load")
    sides = page.locator(".sides .side")
    assert sides.count() == 2
    assert "3 May" in sides.nth(0).locator("mark").inner_text()
    assert "5 May" in sides.nth(1).locator("mark").inner_text()
    assert "Harbour Ledger" in sides.nth(0).inner_text() and "City Desk" in sides.nth(1).inner_text()
    assert "Residents were evacuated on 3 May." in sides.nth(0).locator(".evidence").inner_text()
    # the document's <script> is text, never markup
    assert "<script>alert(1)</script>" in sides.nth(0).locator("blockquote.context").inner_text()
    assert page.locator("script").count() == 0 and page.dialogs == []
    # decide the match, then review the claim
    page.select_option("#match-decision", "confirm")
    page.click("#record-match")
    page.wait_for_load_state("load")
    assert page.locator("#decision").inner_text() == "confirm"
    page.goto(f"{site['url']}/claim/{site['desk'][0]}")
    page.select_option("#verdict", "inaccurate")
    page.fill("#note", "the council minutes say 3 May")
    page.click("#record")
    page.wait_for_load_state("load")
    trail = page.locator("#trail tbody").inner_text()
    assert "inaccurate" in trail and "the council minutes say 3 May" in trail
    assert all(u.startswith(site["url"]) for u in page.requests), page.requests
    r = CliRunner().invoke(cli, ["--db", site["db"], "history", str(site["desk"][0]),
                                 "--format", "json"])
    hist = json.loads(r.stdout)
    assert hist["verdict"] == "inaccurate"
    (entry,) = [e for e in hist["trail"] if e["kind"] == "claim"]
    assert (entry["reviewer"], entry["organisation"], entry["note"]) == (
        "ann", "Harbour Checks", "the council minutes say 3 May")
    assert [e["decision"] for e in hist["trail"] if e["kind"] == "match"] == ["confirm"]


def test_a_review_from_a_stale_page_is_refused(site, context):
    claim = site["ledger"][1]
    one, two = _watch(context.new_page()), _watch(context.new_page())
    for page in (one, two):
        page.goto(f"{site['url']}/claim/{claim}")
    one.select_option("#verdict", "accurate")
    one.click("#record")
    one.wait_for_load_state("load")
    two.select_option("#verdict", "misleading")
    with two.expect_response(lambda r: r.request.method == "POST") as posted:
        two.click("#record")
    assert posted.value.status == 409
    assert "changed since you viewed it" in two.locator("#error-message").inner_text()
    trail = site["store"].claim_history(claim)
    assert [(r.verdict) for r in trail] == ["accurate"]


def test_a_form_without_the_csrf_token_is_refused(site, context):
    page = context.new_page()
    page.goto(site["url"] + "/")  # gets the cookie
    claim = site["ledger"][1]
    before = len(site["store"].claim_history(claim))
    response = page.request.post(f"{site['url']}/claim/{claim}/review",
                                 form={"verdict": "inaccurate", "expected_version": "99"})
    assert response.status == 403 and "CSRF" in response.text()
    forged = page.request.post(f"{site['url']}/claim/{claim}/review",
                               form={"verdict": "inaccurate", "expected_version": "1",
                                     "csrf_token": "0" * 64})
    assert forged.status == 403
    assert len(site["store"].claim_history(claim)) == before


def test_queue_filters_and_search(site, context):
    page = context.new_page()
    page.goto(site["url"] + "/?q=evacuation&label=conflict")
    rows = page.locator("#queue tbody tr")
    assert {rows.nth(i).get_attribute("data-claim") for i in range(rows.count())} == {
        str(site["ledger"][0]), str(site["desk"][0])}
    page.goto(site["url"] + "/?label=nonsense")
    assert "unknown finding" in page.locator("#error-message").inner_text()
