"""``claimcheck serve``: a local review page over the claims database (Flask).

Browse the review queue, open a claim or a conflict with both sources and their evidence side by
side, record a review, see the trail. It calls the same store methods as the CLI
(``find_claims``, ``review_claim``, ``review_match``, ``claim_history``...).

Safety: binds 127.0.0.1 unless told otherwise; every form carries a CSRF token (an HMAC of a
per-browser cookie under a per-process secret, checked on every POST, and the cookie is
SameSite=Strict); templates autoescape, so document text is always text; the page loads nothing
from the network (inline CSS allowed by its hash in the Content-Security-Policy, no script).
A review carries the version the reviewer saw: a change made on a stale page is refused with
HTTP 409 and a message, nothing recorded.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from pathlib import Path

from flask import Flask, abort, g, redirect, render_template, request, url_for
from markupsafe import Markup

from claimcheck.curation import FINDINGS
from claimcheck.errors import ClaimcheckError, StaleWriteError
from claimcheck.model import HUMAN_VERDICTS, MATCH_DECISIONS, REVIEW_STATUSES

CSRF_COOKIE = "claimcheck_csrf"
CSRF_FIELD = "csrf_token"
PAGE_SIZE = 100
_HERE = Path(__file__).resolve().parent
CSS = (_HERE / "templates" / "serve.css").read_text(encoding="utf-8")


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()
    return ("default-src 'none'; style-src 'sha256-" + digest + "'; img-src 'none'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def create_app(store, *, reviewer: str, organisation: str | None = None,
               secret: bytes | None = None) -> Flask:
    """The review page's WSGI app over ``store`` (an open ``SqlStore``)."""
    app = Flask(__name__, template_folder=str(_HERE / "templates"))
    key = secret or secrets.token_bytes(32)
    csp = _csp()

    def token_for(cookie: str) -> str:
        return hmac.new(key, cookie.encode(), hashlib.sha256).hexdigest()

    @app.before_request
    def csrf():
        g.csrf_cookie = request.cookies.get(CSRF_COOKIE) or ""
        g.new_cookie = None
        if not g.csrf_cookie:
            g.new_cookie = g.csrf_cookie = secrets.token_urlsafe(32)
        if request.method == "POST":
            sent = request.form.get(CSRF_FIELD, "")
            if not (request.cookies.get(CSRF_COOKIE)
                    and hmac.compare_digest(sent, token_for(request.cookies[CSRF_COOKIE]))):
                abort(403, "The form's security token is missing or wrong (CSRF check): reload "
                           "the page and submit again.")

    @app.after_request
    def headers(response):
        if g.get("new_cookie"):
            response.set_cookie(CSRF_COOKIE, g.new_cookie, httponly=True, samesite="Strict")
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.context_processor
    def shared():
        return {"css": Markup(CSS), "csrf_field": CSRF_FIELD,
                "csrf_token": token_for(g.csrf_cookie), "verdicts": HUMAN_VERDICTS,
                "statuses": REVIEW_STATUSES, "decisions": MATCH_DECISIONS,
                "findings": FINDINGS, "reviewer": reviewer}

    @app.errorhandler(ClaimcheckError)
    def failed(e):
        code = 409 if isinstance(e, StaleWriteError) else 400
        return render_template("error.html", message=str(e).splitlines()[0], code=code), code

    @app.errorhandler(403)
    @app.errorhandler(404)
    def http_error(e):
        return render_template("error.html", message=e.description, code=e.code), e.code

    @app.get("/")
    def queue():
        args = request.args
        q = args.get("q", "").strip() or None
        filters = {
            "status": args.get("status") or None,
            "finding": args.get("label") or None,
            "verdict": args.get("verdict") or None,
            "unreviewed": args.get("unreviewed") == "1",
            "source": args.get("source") or None,
            "document_ids": [int(d) for d in args.getlist("document") if d.isdigit()] or None,
        }
        for name, allowed in (("status", REVIEW_STATUSES), ("finding", FINDINGS),
                              ("verdict", HUMAN_VERDICTS)):
            if filters[name] is not None and filters[name] not in allowed:
                abort(404, f"unknown {name} {filters[name]!r}")
        items = store.find_claims(q, limit=PAGE_SIZE, **filters)
        return render_template("queue.html", items=items, q=q or "", args=args)

    @app.get("/claim/<int:claim_id>")
    def claim(claim_id: int):
        c = store.claim(claim_id)
        if c is None:
            abort(404, f"no claim with id {claim_id}")
        state = store.curation_state(claim_id)
        matches = store.matches([claim_id])
        others = {i: store.claim(i) for m in matches for i in (m.claim_a, m.claim_b)}
        decisions = {(k[1] if k[0] == claim_id else k[0]): r
                     for k, r in store.match_decisions([claim_id]).items()}
        return render_template(
            "claim.html", claim=c, state=state, side=_side(store, c), matches=matches,
            others=others, decisions=decisions, trail=store.claim_history(claim_id),
            cluster=store.cluster_of(claim_id))

    @app.get("/match/<int:a>/<int:b>")
    def match(a: int, b: int):
        a, b = sorted((a, b))
        found = [m for m in store.matches([a]) if {m.claim_a, m.claim_b} == {a, b}]
        if not found:
            abort(404, f"no match between claims {a} and {b}")
        version, decision = store.match_version(a, b)
        trail = [r for r in store.claim_history(a) if r.kind == "match" and
                 {r.claim_id, r.other_claim_id} == {a, b}]
        sides = [_side(store, store.claim(i)) for i in (a, b)]
        return render_template("match.html", match=found[0], a=a, b=b, sides=sides,
                               version=version, decision=decision, trail=trail)

    @app.post("/claim/<int:claim_id>/review")
    def review_claim(claim_id: int):
        form = request.form
        store.review_claim(
            claim_id, reviewer=form.get("reviewer", "").strip() or reviewer,
            status=form.get("status") or None, verdict=form.get("verdict") or None,
            note=form.get("note", ""), organisation=organisation,
            expected_version=_version(form))
        return redirect(url_for("claim", claim_id=claim_id), code=303)

    @app.post("/match/<int:a>/<int:b>/review")
    def review_match(a: int, b: int):
        form = request.form
        store.review_match(a, b, form.get("decision", ""),
                           reviewer=form.get("reviewer", "").strip() or reviewer,
                           note=form.get("note", ""), organisation=organisation,
                           expected_version=_version(form))
        return redirect(url_for("match", a=min(a, b), b=max(a, b)), code=303)

    return app


def _version(form) -> int:
    value = form.get("expected_version", "")
    if not value.isdigit():
        abort(400, "the form lacks the version it was made on: reload the page")
    return int(value)


def _side(store, claim) -> dict:
    """A claim with its document, the paragraph around it (the claim marked) and its evidence."""
    doc = store.document(claim.document_id)
    text = doc.text
    start, end = 0, len(text)
    for p in doc.passages:
        if p.start <= claim.start < p.end:
            start, end = p.start, p.end
            break
    return {"claim": claim, "title": doc.title or doc.location,
            "source": doc.source.name if doc.source else None,
            "before": text[start:claim.start], "quote": text[claim.start:claim.end],
            "after": text[claim.end:end], "verifications": store.verifications([claim.id]),
            "state": store.curation_state(claim.id)}


def serve(store, *, host: str, port: int, reviewer: str, organisation: str | None) -> None:
    """Run the review page until interrupted."""
    import logging

    from werkzeug.serving import run_simple

    # the development-server banner and a line per request would drown the terminal
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    run_simple(host, port, create_app(store, reviewer=reviewer, organisation=organisation),
               threaded=False, use_reloader=False)
