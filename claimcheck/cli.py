"""The ``claimcheck`` command line: parses options, calls the library, prints.

Library errors (``ClaimcheckError``) become one line on standard error and exit status 2;
``--fail-on`` findings exit 1; everything else that goes wrong is reported as an internal error.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from claimcheck import __version__
from claimcheck.errors import ClaimcheckError
from claimcheck.curation import FINDINGS
from claimcheck.model import HUMAN_VERDICTS, MATCH_DECISIONS, REVIEW_STATUSES, date_text, parse_date_text
from claimcheck.terminal import printable

log = logging.getLogger("claimcheck")

DEFAULT_DB = "sources.db"
DEFAULT_FETCH_BUDGET = 300.0  # seconds of fetching per run (--fetch-budget)
FORMATS = ("json", "md", "html", "claimreview")
KINDS = ["academic", "commentary", "news", "official", "reference", "other"]  # document kinds


class UserError(click.ClickException):
    """A one-line error with exit status 2 (bad input or usage)."""

    exit_code = 2


class ClaimcheckGroup(click.Group):
    """Turns library errors into one-line messages instead of tracebacks."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ClaimcheckError as e:
            raise UserError(printable(str(e).splitlines()[0]) if str(e) else type(e).__name__) from e


# -- helpers ----------------------------------------------------------------------------------

def _say(text: str, **kwargs) -> None:
    """``click.echo`` for text shown to people: control characters that came with the data
    (titles, document text, file names) are shown as escapes, never sent to the terminal."""
    click.echo(printable(text), **kwargs)


class _PrintableFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))


def _store(ctx):
    from claimcheck.store import SqlStore

    obj = ctx.ensure_object(dict)
    if "store" not in obj:
        obj["store"] = SqlStore(obj["db"])
        ctx.call_on_close(obj["store"].close)
    return obj["store"]


def _emit(text: str, out: str | None) -> None:
    """Write ``text`` to ``out`` atomically (temp file + rename), or to standard output.

    A target that exists and is not a regular file (``/dev/null``, a pipe, a terminal) is
    written in place: renaming over it would replace the device with a file (as root, for
    ``/dev/null``, the whole machine's).
    """
    if not out or out == "-":
        _say(text, nl=not text.endswith("\n"))
        return
    path = Path(out)
    body = text if text.endswith("\n") else text + "\n"
    try:
        if path.exists() and not path.is_file():
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(body)
            return
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            tmp.write_text(body, encoding="utf-8")
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)  # a failed write (full disk) leaves nothing behind
    except OSError as e:
        raise UserError(f"{out}: cannot write: {e.strerror}") from e


def _render(report: dict, fmt: str, organisation: str | None = None) -> str:
    from claimcheck.report import render_report

    return render_report(report, fmt,
                         organisation=organisation or os.environ.get("CLAIMCHECK_ORGANISATION"))


def _duration(seconds: float) -> str:
    """``42s``, ``3m05s``, ``1h02m``: short enough for a progress line."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


PROGRESS_INTERVAL = 10.0  # seconds between plain progress lines when stderr is not a terminal


class ProgressDisplay:
    """Shows ``progress(stage, done, total)`` calls on standard error.

    On a terminal: one redrawn line per stage, a bar with the count, the rate and the time left
    (ETA). Elsewhere (a log file, CI): a plain line once a stage has run for ``interval`` seconds,
    again every ``interval`` seconds, and a last one when such a stage ends, so quick runs stay
    silent and long ones show they are alive. ``$CLAIMCHECK_PROGRESS_INTERVAL`` sets the
    interval.
    """

    def __init__(self, stream, *, tty: bool, interval: float | None = None, clock=None):
        import time

        self.stream = stream
        self.tty = tty
        if interval is None:
            try:
                interval = float(os.environ.get("CLAIMCHECK_PROGRESS_INTERVAL", PROGRESS_INTERVAL))
            except ValueError:
                interval = PROGRESS_INTERVAL
        self.interval = interval
        self.clock = clock or time.monotonic
        self.stage: str | None = None
        self.started = 0.0
        self.shown = 0.0  # when the last line was written
        self.spoke = False  # a plain line was written for this stage

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        if stage != self.stage:
            self.stage, self.started, self.shown, self.spoke = stage, now, now, False
        finished = done >= total
        if self.tty:
            if finished or done == 0 or now - self.shown >= 0.1:
                self._write("\r" + self.line(done, total, now) + "\x1b[K"
                            + ("\n" if finished else ""))
                self.shown = now
        elif (now - self.shown >= self.interval) or (finished and self.spoke) \
                or (finished and self.interval <= 0):
            self._write(self.line(done, total, now) + "\n")
            self.shown, self.spoke = now, True

    def line(self, done: int, total: int, now: float) -> str:
        elapsed = now - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        parts = [f"{self.stage:>8}"]
        if self.tty:
            width = 24
            filled = int(width * done / max(total, 1))
            parts.append(f"[{'#' * filled}{'.' * (width - filled)}]")
        parts.append(f"{done}/{total}")
        if done >= total:
            parts.append(f"done in {_duration(elapsed)}")
        elif done and rate:
            parts.append(f"{rate:.1f}/s" if rate >= 1 else f"{60 * rate:.1f}/min")
            parts.append(f"ETA {_duration((total - done) / rate)}")
        else:
            parts.append(f"{_duration(elapsed)} so far")
        return " ".join(parts)

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed or broken stderr must not stop the work
            pass


def _progress(ctx=None):
    """The progress callback for this run: ``None`` with ``--quiet``, else a display on stderr."""
    obj = (ctx.obj if ctx is not None else None) or {}
    if obj.get("quiet"):
        return None
    stream = sys.stderr
    return ProgressDisplay(stream, tty=stream.isatty())


TABLE_CELL = 70  # widest column of a table, in characters


def _cell(value, width: int = TABLE_CELL) -> str:
    """One table cell: on one line (newlines and runs of spaces become one space), and cut to
    ``width`` with "…" at the end when longer, so a cut is always visible."""
    text = " ".join(str(value).split()) if value is not None else ""
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _table(rows: list[dict], columns: list[str]) -> str:
    """A plain-text table, one row a line; `--format json` gives every value whole."""
    if not rows:
        return "(none)"
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]

    def fmt(vals):
        return "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()
    return "\n".join([fmt(columns), fmt(["-" * w for w in widths])] + [fmt(r) for r in cells])


def _listing(rows: list[dict], columns: list[str], fmt: str) -> None:
    if fmt == "json":
        _say(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
    else:
        _say(_table(rows, columns))


# A stored row's id: ids are 32-bit integers on PostgreSQL, and SQLite refuses larger than 64-bit
# ones; anything else is a usage error (exit 2), not an overflow deep in the database driver.
DB_ID = click.IntRange(min=1, max=2**31 - 1)

format_option = click.option("--format", "fmt", type=click.Choice(["table", "json"]),
                             default="table", show_default=True, help="Output format.")


def _reviewer_option(f):
    return click.option("--reviewer", default=lambda: os.environ.get("USER", "anonymous"),
                        show_default="$USER", help="Who reviews (recorded in the trail).")(f)


def fetch_options(f):
    """Options shared by the commands that fetch pages."""
    f = click.option("--fetch-budget", type=click.FloatRange(min=0), default=DEFAULT_FETCH_BUDGET,
                     show_default=True,
                     help="Wall-clock seconds for all the fetching of this run, from its first "
                          "fetch: pages still loading then are cut, the rest are not fetched "
                          "(verdict 'unreachable', with the reason). 0: no budget.")(f)
    f = click.option("--deadline", type=click.FloatRange(min=0, min_open=True), default=None,
                     help="Wall-clock seconds for one fetch (robots.txt, redirects, retries, "
                          "headers and body), however slowly the server trickles. "
                          "Default: 3 x --timeout, at least 30.")(f)
    f = click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=20.0,
                     show_default=True,
                     help="Seconds to wait for a server that sends nothing before giving up.")(f)
    f = click.option("--allow-private", is_flag=True,
                     help="Allow fetching loopback and private-network addresses.")(f)
    f = click.option("--offline", is_flag=True,
                     help="Never touch the network: archives first, then stored snapshots; anything "
                          "else is 'unreachable'.")(f)
    f = click.option("--archive", "archives", multiple=True, type=click.Path(dir_okay=False),
                     help="WARC file (.warc/.warc.gz) whose responses answer fetches first. "
                          "Repeatable.")(f)
    return f


REPORT_SUFFIXES = {".json": "json", ".md": "md", ".markdown": "md", ".html": "html",
                   ".htm": "html", ".jsonld": "claimreview"}


def _report_format(fmt: str | None, out: str | None) -> str:
    """The one default of every command that writes a report: the --format given, else the
    --out file's extension (.json, .md, .html, .jsonld for ClaimReview), else JSON."""
    if fmt:
        return fmt
    return REPORT_SUFFIXES.get(Path(out).suffix.lower(), "json") if out and out != "-" else "json"


FORMAT_HELP = ("Report format. Default: from --out's extension (.json, .md, .html, .jsonld for "
               "claimreview), else json.")


def _check_out(out: str | None) -> None:
    """Refuse an output path (--out, --save-warc) that cannot be written, before any work is
    done: its folder missing or not writable, or the path a folder."""
    if not out or out == "-":
        return
    path = Path(out)
    folder = path.resolve().parent
    if not folder.is_dir():
        raise UserError(f"{out}: cannot write: no such folder {str(path.parent)!r}")
    if path.is_dir():
        raise UserError(f"{out}: cannot write: it is a folder")
    if not os.access(path if path.exists() else folder, os.W_OK):
        raise UserError(f"{out}: cannot write: permission denied")


def references_list_option(f):
    """--references FILE: a reference list (BibTeX, CSL-JSON, RIS) attached to the documents."""
    return click.option(
        "--references", "reference_lists", multiple=True, metavar="FILE",
        type=click.Path(dir_okay=False),
        help="A reference list of the documents (BibTeX .bib, CSL-JSON .json, RIS .ris): its "
             "entries are linked to their citations ('(Lee 2021)') like a printed reference "
             "list, and the URLs or DOIs of the cited ones are fetched and checked. "
             "Repeatable.")(f)


def _check_extra_references(references) -> None:
    """An extra --reference that is a reference list is refused: its entries are works to cite,
    not one page to check every claim against."""
    from claimcheck.reflists import reference_list_format

    for ref in references:
        path = Path(ref)
        if path.is_file():
            fmt = reference_list_format(path.read_bytes()[:65536], path.name)
            if fmt:
                raise UserError(f"{ref}: a {fmt} reference list, not a reference page: give it "
                                f"with --references {ref}")


def _check_archives(archives) -> None:
    for a in archives:
        if not Path(a).is_file():
            raise UserError(f"{a}: no such archive file")


# -- the group --------------------------------------------------------------------------------

@click.group(cls=ClaimcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", default=None, metavar="DB",
              help="Database: a file path or an SQLAlchemy URL (sqlite:///x.db, "
                   "postgresql+psycopg://...). Default ./sources.db, or $CLAIMCHECK_DB.")
@click.option("-v", "--verbose", count=True,
              help="Log claimcheck's own steps on stderr (-vv: its debug lines too; -vvv: also "
                   "the libraries' debug output, e.g. HTTP and SQL).")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress display (errors and warnings are still printed).")
@click.version_option(__version__, prog_name="claimcheck")
@click.pass_context
def cli(ctx, db, verbose, quiet):
    """claimcheck: find where sources agree and conflict, and check claims against references.

    \b
    Quick start:
      claimcheck check article.md blog.html --format html --out report.html
      claimcheck claims list --checkworthy
      claimcheck report --format md
    """
    _configure_logging(verbose)
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet
    ctx.obj["db"] = db or os.environ.get("CLAIMCHECK_DB") or DEFAULT_DB
    ctx.obj["verbose"] = verbose


def _configure_logging(verbose: int) -> None:
    """-v and -vv raise claimcheck's own loggers only: libraries (Alembic, urllib3, the Markdown
    parser, ...) stay at warnings until -vvv."""
    handler = logging.StreamHandler()  # log lines quote titles, URLs and page text
    handler.setFormatter(_PrintableFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if verbose >= 3 else logging.WARNING, handlers=[handler])
    logging.getLogger("claimcheck").setLevel(
        {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG))


# -- check ------------------------------------------------------------------------------------

@cli.command()
@click.argument("docs", nargs=-1, required=True, metavar="DOC...")
@click.option("--reference", "references", multiple=True, metavar="URL_OR_PATH",
              help="Extra reference page every check-worthy claim is checked against. Repeatable.")
@references_list_option
@fetch_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help=FORMAT_HELP)
@click.option("--out", type=click.Path(dir_okay=False), help="Write the report here (default stdout).")
@click.option("--fail-on", type=click.Choice(["conflict", "contradicted", "any"]),
              help="Exit 1 when the report contains such a finding.")
@click.option("--save-warc", "--warc", "save_warc", type=click.Path(dir_okay=False),
              help="Write every fetched page to this WARC file (.warc or .warc.gz), to share the "
                   "evidence. --warc is the same option.")
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="Lowest alignment score (0-100: 100 x the probability that two claims make "
                   "the same assertion) of a listed match. Default: the alignment engine's "
                   "calibrated thresholds decide.")
@click.option("--max-bytes", type=int, default=None,
              help="Largest document accepted, in bytes (default 20 MB or $CLAIMCHECK_MAX_BYTES).")
@click.option("--summary/--no-summary", default=None,
              help="Print a one-screen summary on stderr (default: when --out is given).")
@click.pass_context
def check(ctx, docs, references, reference_lists, archives, offline, allow_private, timeout,
          deadline, fetch_budget, fmt, out, fail_on, save_warc, min_score, max_bytes, summary):
    """Ingest DOCs, extract and match claims, verify them, and write a report.

    DOC is a path (.txt, .md, .html, .pdf, .docx), an http(s) URL, or - for standard input. The
    references each document cites, and every --reference, are fetched (WARC archives first) and
    each claim is checked against them.

    \b
    Examples:
      claimcheck check fixtures/*.md fixtures/*.txt --archive fixtures/references.warc.gz \\
          --offline --format html --out report.html
      claimcheck check paper.pdf --references paper.bib --out report.html
    """
    from claimcheck.pipeline import CheckOptions, run_check

    _check_archives(archives)
    _check_extra_references(references)
    _check_out(out)
    _check_out(save_warc)
    options = CheckOptions(references=references, reference_lists=reference_lists,
                           archives=archives, offline=offline,
                           allow_private=allow_private, max_bytes=max_bytes, min_score=min_score,
                           save_warc=save_warc, timeout=timeout, deadline=deadline,
                           fetch_budget=fetch_budget or None)
    store = _store(ctx)
    report = run_check(store, docs, options, stdin=sys.stdin.buffer,
                       progress=_progress(ctx))
    fmt = _report_format(fmt, out)
    try:
        _emit(_render(report, fmt), out)
    except UserError as e:  # the database was written: say what is kept and how to go on
        again = " ".join(f"--document {d['id']}" for d in report["documents"])
        raise UserError(f"{e.message}; kept: the documents and their verdicts are stored, write "
                        f"the report again with `claimcheck report {again} --format {fmt} "
                        "--out FILE`") from e
    if summary or (summary is None and out):
        _print_summary(report)
    if fail_on and _has_finding(report, fail_on):
        ctx.exit(1)


def _print_summary(report: dict) -> None:
    from claimcheck.report import render_summary

    click.echo(render_summary(report, color=sys.stderr.isatty()), err=True)


def _has_finding(report: dict, what: str) -> bool:
    conflict = any(m["relation"] == "conflict" for m in report["matches"])
    contradicted = any(v["verdict"] == "contradicted" for v in report["verifications"])
    return {"conflict": conflict, "contradicted": contradicted,
            "any": conflict or contradicted}[what]


# -- ingest and documents ---------------------------------------------------------------------

@cli.command()
@click.argument("docs", nargs=-1, required=True, metavar="DOC...")
@click.option("--title", help="Title (overrides what the document says).")
@click.option("--author", "authors", multiple=True, help="Author. Repeatable.")
@click.option("--published", help="Publication date, e.g. 2022-07-14, or 2022-07 / 2022 when only "
                                   "the month or year is known.")
@click.option("--kind", type=click.Choice(KINDS), help="Document kind.")
@click.option("--source", help="Publisher or author name that credibility is scored for.")
@click.option("--journal", help="Journal or venue.")
@click.option("--max-bytes", type=int, default=None, help="Largest document accepted, in bytes.")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes extracting claims while this one stores them (same results, "
                   "faster on several cores). Default: automatic, one per CPU (at most 4) for a "
                   "large batch (32+ new documents and 1,000,000+ characters), else 1. "
                   "1: extract in this process.")
@references_list_option
@fetch_options
@format_option
@click.pass_context
def ingest(ctx, docs, title, authors, published, kind, source, journal, max_bytes, workers,
           reference_lists, archives, offline, allow_private, timeout, deadline, fetch_budget,
           fmt):
    """Store documents and extract their claims (same bytes: same document).

    Metadata is read from the document, from a DOC.meta.json file beside it, and from these
    options (which win). Ingesting stored bytes again with other metadata (an option, or an
    edited DOC.meta.json) updates the stored metadata; each change is recorded.

    \b
    Examples:
      claimcheck ingest op-ed.txt --author "A. Writer" --published 2022-07-14 --kind commentary
      claimcheck ingest paper.pdf --references paper.bib
      claimcheck ingest archive/*.txt --workers 2
    """
    from claimcheck.ingest_pool import bulk_pool
    from claimcheck.pipeline import (
        CheckOptions,
        load_documents,
        make_fetcher,
        store_documents,
    )

    _check_archives(archives)
    overrides = {"title": title, "authors": list(authors) or None, "published": published,
                 "kind": kind, "source": source, "journal": journal}
    fetcher = make_fetcher(CheckOptions(archives=archives, offline=offline, allow_private=allow_private,
                                        timeout=timeout, deadline=deadline, fetch_budget=fetch_budget or None))
    progress = _progress(ctx)
    with bulk_pool(docs, workers) as pool:  # workers read the files too
        loaded = load_documents(docs, fetcher=fetcher, max_bytes=max_bytes, overrides=overrides,
                                stdin=sys.stdin.buffer, progress=progress,
                                reference_lists=reference_lists, pool=pool)
        results = store_documents(_store(ctx), loaded, progress, overrides=overrides,
                                  workers=workers, pool=pool)
    rows = [{"id": r.document_id, "status": "new" if r.created else
             f"metadata updated: {', '.join(r.updated)}" if r.updated else "already stored",
             "claims": r.claims, "location": r.location} for r in results]
    _listing(rows, ["id", "status", "claims", "location"], fmt)


@cli.group()
def documents():
    """List, show and correct stored documents."""


@documents.command("list")
@format_option
@click.pass_context
def documents_list(ctx, fmt):
    """List stored documents.

    \b
    Example:
      claimcheck documents list --format json
    """
    store = _store(ctx)
    rows = []
    for d in store.documents():
        rows.append({"id": d.id, "kind": d.kind,
                     "published": date_text(d.published, d.published_precision),
                     "source": d.source.name if d.source else None, "title": d.title,
                     "location": d.location, "sha256": d.sha256, **store.counts(d.id)})
    _listing(rows, ["id", "kind", "published", "claims", "references", "source", "title"], fmt)


@documents.command("show")
@click.argument("doc_id", type=DB_ID)
@click.option("--text", "with_text", is_flag=True, help="Print the stored plain text too.")
@format_option
@click.pass_context
def documents_show(ctx, doc_id, with_text, fmt):
    """Show one document's metadata (and its stored text with --text).

    \b
    Example:
      claimcheck documents show 1 --text
    """
    store = _store(ctx)
    d = store.document(doc_id)
    if d is None:
        raise UserError(f"no document with id {doc_id}")
    info = {"id": d.id, "title": d.title, "kind": d.kind, "location": d.location,
            "sha256": d.sha256, "published": date_text(d.published, d.published_precision),
            "authors": d.authors, "source": d.source.name if d.source else None, "doi": d.doi,
            "journal": d.journal, **store.counts(d.id),
            "metadata_changes": [{"field": m.field, "old": m.old, "new": m.new, "via": m.via,
                                  "changed_at": m.changed_at.isoformat(timespec="seconds")}
                                 for m in store.metadata_changes(d.id)]}
    if with_text:
        info["text"] = d.text
    if fmt == "json":
        _say(json.dumps(info, indent=2, ensure_ascii=False))
        return
    for k, v in info.items():
        if k in ("text", "metadata_changes") or v is None or v == []:
            continue
        _say(f"{k:>16}: {', '.join(map(str, v)) if isinstance(v, list) else v}")
    for m in info["metadata_changes"]:
        _say(f"{'changed':>16}: {m['field']} from {_shown(m['old'])} to {_shown(m['new'])} "
             f"({m['changed_at']}, {m['via']})")
    if with_text:
        _say("\n" + d.text)


def _shown(value) -> str:
    """A stored metadata value as people read it: lists joined, nothing as "(none)"."""
    if value in (None, "", []):
        return "(none)"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return f'"{value}"' if isinstance(value, str) else str(value)


@documents.command("edit")
@click.argument("doc_id", type=int)
@click.option("--title", help="New title.")
@click.option("--author", "authors", multiple=True,
              help="Author; repeat for several. Replaces the stored list.")
@click.option("--published", metavar="DATE",
              help="Publication date, e.g. 2022-07-14, or 2022-07 / 2022 when only the month or "
                   "year is known.")
@click.option("--kind", type=click.Choice(KINDS), help="Document kind.")
@click.option("--source", help="Publisher or author name that credibility is scored for.")
@click.option("--journal", help="Journal or venue.")
@click.option("--doi", help="DOI, e.g. 10.1525/as.2022.1799746.")
@_reviewer_option
@click.pass_context
def documents_edit(ctx, doc_id, title, authors, published, kind, source, journal, doi, reviewer):
    """Correct a stored document's metadata; each change is recorded (`documents show` lists
    them). A new publication date also re-dates the claims whose year the text leaves out.

    \b
    Example:
      claimcheck documents edit 3 --kind news --published 2022-07-14
    """
    from claimcheck.pipeline import edit_document

    values = {"title": title, "authors": list(authors) or None, "kind": kind,
              "source": source, "journal": journal, "doi": doi}
    if published is not None:
        try:
            values["published"], values["published_precision"] = parse_date_text(published)
        except ValueError as e:
            raise UserError(f"--published {published!r}: not a date (2022-07-14, or 2022-07 "
                            "or 2022 when only the month or year is known)") from e
    values = {k: v for k, v in values.items() if v not in (None, "")}
    if not values:
        raise UserError("nothing to change: give --title, --author, --published, --kind, "
                        "--source, --journal or --doi")
    changes = edit_document(_store(ctx), doc_id, values, via=f"documents edit by {reviewer}")
    if not changes:
        _say(f"document {doc_id}: nothing changed (the stored values are the same)")
    for field, (old, new) in changes.items():
        old = old.isoformat() if hasattr(old, "isoformat") else old
        new = new.isoformat() if hasattr(new, "isoformat") else new
        _say(f"document {doc_id}: {field} changed from {_shown(old)} to {_shown(new)}")


# -- claims -----------------------------------------------------------------------------------

def _claim_row(c) -> dict:
    s = c.slots
    return {"id": c.id, "document_id": c.document_id, "paragraph": c.paragraph,
            "checkworthy": c.checkworthy, "score": round(c.checkworthiness, 2),
            "entities": ", ".join(dict.fromkeys(e.canonical for e in s.entities)),
            "dates": ", ".join(d.value for d in s.dates if d.value),
            "quantities": ", ".join(q.text for q in s.quantities),
            "negated": s.negated, "quantifier": s.quantifier, "hedged": s.hedged,
            "citations": ", ".join(m.key for m in c.citations), "text": c.text,
            "start": c.start, "end": c.end}


@cli.group()
def claims():
    """List, show and search extracted claims."""


def _queue_row(item) -> dict:
    st = item.state
    return {**_claim_row(item.claim), "label": item.finding, "status": st.status,
            "verdict": st.verdict, "version": st.version, "reviewer": st.reviewer,
            "merged_into": st.merged_into, "source": item.source}


QUEUE_COLUMNS = ["id", "document_id", "label", "status", "verdict", "text"]


def queue_options(f):
    """Filters shared by `claims list` and `claims search`."""
    f = click.option("--limit", type=click.IntRange(min=1), default=None,
                     help="At most this many (default: all for list, 20 for search).")(f)
    f = click.option("--include-merged", is_flag=True,
                     help="Also claims merged into another (normally only their cluster's).")(f)
    f = click.option("--checkworthy", is_flag=True, help="Only check-worthy claims.")(f)
    f = click.option("--source", help="Only claims from documents of this source (publisher).")(f)
    f = click.option("--document", "document_ids", type=DB_ID, multiple=True,
                     help="Only this document's claims. Repeatable.")(f)
    f = click.option("--unreviewed", is_flag=True,
                     help="Only claims nobody has reviewed yet (status unstarted).")(f)
    f = click.option("--verdict", type=click.Choice(HUMAN_VERDICTS),
                     help="Only claims whose latest human verdict is this.")(f)
    f = click.option("--label", type=click.Choice(FINDINGS),
                     help="Only claims with this machine finding: in a conflict/agree/related "
                          "match, or a cited page's verdict (contradicted, supported, ...).")(f)
    f = click.option("--status", type=click.Choice(REVIEW_STATUSES),
                     help="Only claims whose review stands here.")(f)
    return f


def _queue(ctx, query, status, label, verdict, unreviewed, document_ids, source, checkworthy,
           include_merged, limit):
    return _store(ctx).find_claims(
        query, status=status, finding=label, verdict=verdict, unreviewed=unreviewed,
        document_ids=list(document_ids) or None, source=source,
        checkworthy=True if checkworthy else None, include_merged=include_merged, limit=limit)


@claims.command("list")
@queue_options
@format_option
@click.pass_context
def claims_list(ctx, status, label, verdict, unreviewed, document_ids, source, checkworthy,
                include_merged, limit, fmt):
    """The review queue: claims with their machine finding (label) and human review.

    Conflicts and contradictions come first, then claims needing a second look, unstarted, in
    progress and done; then the more check-worthy. Filters combine.

    \b
    Examples:
      claimcheck claims list --unreviewed --label conflict
      claimcheck claims list --status needs_second_look --source "Harbour Ledger"
      claimcheck claims list --verdict inaccurate --document 1 --format json
    """
    items = _queue(ctx, None, status, label, verdict, unreviewed, document_ids, source,
                   checkworthy, include_merged, limit)
    _listing([_queue_row(i) for i in items], QUEUE_COLUMNS, fmt)


@claims.command("show")
@click.argument("claim_id", type=DB_ID)
@format_option
@click.pass_context
def claims_show(ctx, claim_id, fmt):
    """Show one claim: its provenance, slots, citations, matches and verdicts.

    \b
    Example:
      claimcheck claims show 12
    """
    store = _store(ctx)
    c = store.claim(claim_id)
    if c is None:
        raise UserError(f"no claim with id {claim_id}")
    from dataclasses import asdict

    info = {**_claim_row(c), "slots": asdict(c.slots),
            "matches": [asdict(m) for m in store.matches([claim_id])],
            "verifications": [{"url": v.url, "verdict": v.verdict, "evidence": v.evidence}
                              for v in store.verifications([claim_id])],
            "reviews": [{**_review_dict(r), "label": r.verdict or r.decision or r.status or r.kind}
                        for r in store.claim_history(claim_id)]}
    state = store.curation_state(claim_id)
    info.update({"status": state.status, "verdict": state.verdict, "version": state.version,
                 "merged_into": state.merged_into})
    if fmt == "json":
        _say(json.dumps(info, indent=2, ensure_ascii=False, default=str))
        return
    _say(_render_claim(store, c, state))


def _render_claim(store, c, state) -> str:
    """`claims show` for people: the claim and where it stands, then what was found about it."""
    from dataclasses import asdict

    from claimcheck.pdf import page_number
    from claimcheck.report.common import plain_reason, reason_line

    doc = store.document(c.document_id)
    page = page_number(doc.pages or (), c.start) if doc is not None else None
    where = [f"document {c.document_id}"] + ([f"p. {page}"] if page else []) \
        + [f"paragraph {c.paragraph}", f"characters {c.start}-{c.end}"]
    lines = [f"claim {c.id}  ({', '.join(where)})",
             f"  {' '.join(c.text.split())}", ""]
    review = state.status.replace("_", " ") + (f", {state.verdict}" if state.verdict else "")
    merged = f", merged into claim {state.root}" if state.merged_into is not None else ""
    fields = [("check-worthy", f"{'yes' if c.checkworthy else 'no'} ({c.checkworthiness:.2f})"),
              ("review", f"{review} (version {state.version}{merged})")]
    row = _claim_row(c)
    fields += [(k, row[k]) for k in ("entities", "dates", "quantities", "citations") if row[k]]
    s = c.slots
    fields += [(k, v) for k, v in (("negated", "yes" if s.negated else ""),
                                   ("quantifier", s.quantifier or ""),
                                   ("hedged", "yes" if s.hedged else "")) if v]
    lines += [f"  {k:<13} {v}" for k, v in fields]
    matches = store.matches([c.id])
    if matches:
        others = {o.id: o for o in store.claims(ids={m.claim_a for m in matches}
                                                  | {m.claim_b for m in matches},
                                                  include_merged=True)}
        lines += ["", f"matches ({len(matches)}):"]
        for m in sorted(matches, key=lambda m: (m.relation != "conflict", -m.score)):
            other_id = m.claim_b if m.claim_a == c.id else m.claim_a
            other = others.get(other_id)
            text_a = (others.get(m.claim_a) or c).text
            text_b = (others.get(m.claim_b) or c).text
            why = "; ".join(r.get("note") or reason_line(r) for r in
                            (plain_reason(asdict(r), text_a, text_b) for r in m.reasons))
            lines.append(f"  {m.relation} with claim {other_id}"
                         + (f" (document {other.document_id})" if other else "")
                         + f", score {m.score:.1f}" + (f": {why}" if why else ""))
            if other:
                lines.append(f"      {_cell(other.text, 100)}")
    verifications = store.verifications([c.id])
    if verifications:
        lines += ["", f"checked against {len(verifications)} page(s):"]
        for v in verifications:
            lines.append(f"  {v.verdict:<13} {v.url}")
            evidence = (v.evidence or {}).get("text")
            if evidence:
                lines.append(f"      {_cell(evidence, 100)}")
            for r in v.reasons or ():
                if r.get("note"):
                    lines.append(f"      note: {_cell(r['note'], 100)}")
    trail = store.claim_history(c.id)
    if trail:
        lines += ["", "review trail:"]
        for r in trail:
            what = ", ".join(x for x in (r.status, r.verdict, r.decision) if x) or r.kind
            other = f" (match with claim {r.other_claim_id})" if r.other_claim_id else ""
            lines.append(f"  {r.created_at.isoformat(timespec='seconds')}  {r.reviewer}: "
                         f"{what}{other}" + (f" - {r.note}" if r.note else ""))
    return "\n".join(lines)


@claims.command("search")
@click.argument("text")
@queue_options
@format_option
@click.pass_context
def claims_search(ctx, text, status, label, verdict, unreviewed, document_ids, source,
                  checkworthy, include_merged, limit, fmt):
    """Full-text search: claims holding every word of TEXT, in any form ("evacuation" finds
    "evacuated"), with the same filters and order as `claims list`.

    \b
    Examples:
      claimcheck claims search "Security Council"
      claimcheck claims search evacuation --unreviewed --label conflict
    """
    items = _queue(ctx, text, status, label, verdict, unreviewed, document_ids, source,
                   checkworthy, include_merged, limit or 20)
    _listing([_queue_row(i) for i in items], QUEUE_COLUMNS, fmt)


# -- match, verify, fetch, report -------------------------------------------------------------

@cli.command()
@click.option("--document", "document_ids", type=DB_ID, multiple=True,
              help="Match only this document's claims against the rest. Repeatable.")
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="Lowest alignment score (0-100) of a listed match. Default: the alignment "
                   "engine's calibrated thresholds decide.")
@click.option("--all-claims", is_flag=True, help="Match every claim, not only check-worthy ones.")
@format_option
@click.pass_context
def match(ctx, document_ids, min_score, all_claims, fmt):
    """Match claims across sources and classify pairs: agree, conflict or related.

    \b
    Example:
      claimcheck match --min-score 75
      claimcheck report --format md    # shows the pairs side by side
    """
    from claimcheck.pipeline import match_documents

    store = _store(ctx)
    ids = list(document_ids) or [d.id for d in store.documents()]
    n = match_documents(store, ids, min_score=min_score, checkworthy_only=not all_claims,
                        progress=_progress(ctx))
    found = store.matches([c.id for c in store.claims(ids)])
    texts = _claim_texts(store, found)
    rows = [{"a": m.claim_a, "b": m.claim_b, "score": round(m.score, 1), "relation": m.relation,
             "reasons": _reasons_text(m, texts)} for m in found]
    if fmt != "json":
        click.echo(f"{n} pairs stored", err=True)
    _listing(rows, ["a", "b", "score", "relation", "reasons"], fmt)


def _claim_texts(store, matches) -> dict[int, str]:
    ids = {m.claim_a for m in matches} | {m.claim_b for m in matches}
    return {c.id: c.text for c in store.claims(ids=ids, include_merged=True)} if ids else {}


def _reasons_text(m, texts: dict[int, str]) -> str:
    """A match's reasons in the claims' own words (never the comparison's word stems)."""
    from dataclasses import asdict

    from claimcheck.report.common import plain_reason, reason_line

    plain = [plain_reason(asdict(r), texts.get(m.claim_a, ""), texts.get(m.claim_b, ""))
             for r in m.reasons]
    return "; ".join(r.get("note") or reason_line(r) for r in plain)


@cli.command()
@click.option("--document", "document_ids", type=DB_ID, multiple=True,
              help="Verify only this document's claims. Repeatable.")
@click.option("--reference", "references", multiple=True, metavar="URL_OR_PATH",
              help="Extra reference every check-worthy claim is checked against. Repeatable.")
@fetch_options
@click.option("--save-warc", "--warc", "save_warc", type=click.Path(dir_okay=False),
              help="Write the fetched pages to this WARC file (.warc or .warc.gz). --warc is the "
                   "same option.")
@format_option
@click.pass_context
def verify(ctx, document_ids, references, archives, offline, allow_private, timeout, deadline,
           fetch_budget, save_warc, fmt):
    """Check claims against the references their documents cite (and any --reference).

    \b
    Example:
      claimcheck verify --archive fixtures/references.warc.gz --offline
    """
    from claimcheck.pipeline import CheckOptions, make_fetcher, verify_documents

    _check_archives(archives)
    _check_extra_references(references)
    _check_out(save_warc)
    store = _store(ctx)
    ids = list(document_ids) or [d.id for d in store.documents()]
    fetcher = make_fetcher(CheckOptions(archives=archives, offline=offline, allow_private=allow_private,
                                        timeout=timeout, deadline=deadline, fetch_budget=fetch_budget or None))
    verify_documents(store, ids, fetcher, references=references,
                     progress=_progress(ctx), save_warc=save_warc)
    rows = [{"claim": v.claim_id, "verdict": v.verdict, "url": v.url,
             "evidence": (v.evidence or {}).get("text", ""),
             "note": "; ".join(sorted((r["note"] for r in v.reasons or () if r.get("note")),
                                      key=lambda n: not n.startswith("re-fetch failed")))}
            for v in store.verifications([c.id for c in store.claims(ids)])]
    _listing(rows, ["claim", "verdict", "url", "evidence", "note"], fmt)


@cli.command()
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@fetch_options
@click.option("--save-warc", "--warc", "warc", type=click.Path(dir_okay=False),
              help="Write what was fetched to this WARC file (.warc or .warc.gz). --warc, its "
                   "older name, still works.")
@format_option
@click.pass_context
def fetch(ctx, urls, archives, offline, allow_private, timeout, deadline, fetch_budget, warc, fmt):
    """Fetch pages safely, store pinned snapshots, optionally archive them to a WARC.

    Each page is compared with its previous snapshot: first, unchanged, changed, disappeared
    (it was there, now it fails) or reappeared. Exits 1 when no URL could be fetched (then no
    WARC is written).

    \b
    Example:
      claimcheck fetch https://example.org/report --save-warc evidence.warc.gz
    """
    from claimcheck.fetch import write_warc
    from claimcheck.pipeline import CheckOptions, fetch_pages, make_fetcher, page_change

    _check_archives(archives)
    _check_out(warc)
    store = _store(ctx)
    fetcher = make_fetcher(CheckOptions(archives=archives, offline=offline, allow_private=allow_private,
                                        timeout=timeout, deadline=deadline, fetch_budget=fetch_budget or None))
    pages = fetch_pages(fetcher, list(urls), _progress(ctx), store=store, local=urls)
    rows = []
    for url, page in pages.items():
        before = store.snapshots_for(url)
        snap_id = store.save_snapshot(page)  # an identical latest version is reused
        change = ("unchanged" if before and before[-1].id == snap_id
                  else page_change(store.snapshots_for(url), snap_id))
        rows.append({"url": url, "status": page.status, "sha256": page.sha256[:12],
                     "change": change, "error": page.error, "chars": len(page.text)})
    fetched = [p for p in pages.values() if not p.error]
    if warc and fetched:  # never an empty WARC
        try:
            write_warc(warc, fetched)
        except OSError as e:
            raise UserError(f"{warc}: cannot write the WARC ({e.strerror or e}); kept: the "
                            f"{len(rows)} snapshots are stored, no WARC was written") from e
    _listing(rows, ["url", "status", "change", "chars", "sha256", "error"], fmt)
    if not fetched:
        raise click.ClickException(f"nothing could be fetched ({len(pages)} URL(s) failed, "
                                   f"see the error column){'; no WARC written' if warc else ''}")


@cli.command()
@click.option("--document", "document_ids", type=DB_ID, multiple=True,
              help="Report on these documents (default: all). Repeatable.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help=FORMAT_HELP)
@click.option("--out", type=click.Path(dir_okay=False), help="Write here (default stdout).")
@click.option("--organisation", default=None, metavar="NAME",
              help="ClaimReview: the publishing organisation, author of machine-decided reviews "
                   "and of human reviews that name none (default $CLAIMCHECK_ORGANISATION).")
@click.pass_context
def report(ctx, document_ids, fmt, out, organisation):
    """Render a report from the database (JSON, Markdown, HTML or ClaimReview).

    Human reviews (the latest of each claim and match) are shown beside the machine's
    findings; ClaimReview carries the person's verdict.

    \b
    Example:
      claimcheck report --document 1 --document 2 --format html --out report.html
      claimcheck report --format claimreview --organisation "Harbour Checks"
    """
    from claimcheck.pipeline import build_report

    _check_out(out)
    store = _store(ctx)
    ids = list(document_ids) or None
    for i in ids or ():
        if store.document(i) is None:
            raise UserError(f"no document with id {i}")
    _emit(_render(build_report(store, ids), _report_format(fmt, out), organisation), out)


@cli.group()
def sources():
    """Sources (publishers, authors) and their evidence-based credibility."""


@sources.command("list")
@format_option
@click.pass_context
def sources_list(ctx, fmt):
    """List sources with a credibility score (0-1) and the counts it was computed from.

    \b
    Example:
      claimcheck sources list --format json
    """
    from claimcheck.pipeline import build_report

    rows = build_report(_store(ctx))["sources"]
    for r in rows:
        r["basis_text"] = ", ".join(f"{k}={v}" for k, v in (r.get("basis") or {}).items())
    _listing(rows, ["name", "kind", "credibility", "basis_text"], fmt)


# -- curation ---------------------------------------------------------------------------------

REVIEW_LABELS = ("accurate", "inaccurate", "misleading", "unverifiable", "not_checkworthy",
                 "needs_review")  # the one label of reviews before statuses and verdicts


def _review_dict(r) -> dict:
    return {"id": r.id, "claim": r.claim_id, "version": r.version, "kind": r.kind,
            "at": r.created_at.isoformat(timespec="seconds"), "reviewer": r.reviewer,
            "organisation": r.organisation, "status": r.status, "verdict": r.verdict,
            "decision": r.decision, "other_claim": r.other_claim_id, "note": r.note}


REVIEW_COLUMNS = ["at", "claim", "version", "kind", "reviewer", "status", "verdict",
                  "decision", "other_claim", "note"]


@cli.command()
@click.argument("claim_id", type=DB_ID)
@click.option("--verdict", type=click.Choice(HUMAN_VERDICTS),
              help="Your verdict on the claim (a verdict alone also sets the status to done).")
@click.option("--status", type=click.Choice(REVIEW_STATUSES),
              help="Where the review stands; what you leave out stays as it was.")
@click.option("--match", "other_id", type=DB_ID, metavar="OTHER_ID",
              help="Review the match between CLAIM_ID and OTHER_ID instead (with --decision).")
@click.option("--decision", type=click.Choice(MATCH_DECISIONS),
              help="With --match: confirm or reject the machine's agree/conflict.")
@click.option("--label", type=click.Choice(REVIEW_LABELS), hidden=True,
              help="The older single label (accurate ... needs_review).")
@click.option("--note", default="", help="Why; shown in the trail, reports and exports.")
@click.option("--organisation", default=lambda: os.environ.get("CLAIMCHECK_ORGANISATION"),
              show_default="$CLAIMCHECK_ORGANISATION",
              help="Organisation you review for (the author of its ClaimReview).")
@click.option("--expect-version", type=click.IntRange(min=0), default=None,
              help="The version you looked at (`claimcheck history ID` shows it): if anyone "
                   "changed the claim since, nothing is recorded and the command fails.")
@_reviewer_option
@click.pass_context
def review(ctx, claim_id, verdict, status, other_id, decision, label, note, organisation,
           expect_version, reviewer):
    """Record a human review of a claim, or of a match, in the append-only trail.

    The latest review wins in reports, beside the machine finding. Verdicts: accurate,
    inaccurate, misleading, unverifiable, not_a_claim. Statuses: unstarted, in_progress,
    needs_second_look, done.

    \b
    Examples:
      claimcheck review 12 --verdict inaccurate --note "the vote was on 2 March"
      claimcheck review 12 --status needs_second_look --expect-version 1
      claimcheck review 12 --match 40 --decision reject --note "different ports"
    """
    store = _store(ctx)
    if other_id is not None or decision is not None:
        if other_id is None or decision is None:
            raise UserError("a match review needs both --match OTHER_ID and --decision")
        if verdict or status or label:
            raise UserError("a match review takes --decision, not --verdict/--status/--label")
        r = store.review_match(claim_id, other_id, decision, reviewer=reviewer, note=note,
                               expected_version=expect_version, organisation=organisation)
        click.echo(f"review {r.id} recorded for the match of claims {claim_id} and {other_id}: "
                   f"{decision} (version {r.version})")
        return
    if label:
        if verdict or status:
            raise UserError("give --label alone, or --verdict/--status")
        from claimcheck.curation import LEGACY_LABELS

        status, verdict = LEGACY_LABELS[label]
    if not verdict and not status:
        raise UserError("nothing to record: give --verdict and/or --status")
    r = store.review_claim(claim_id, reviewer=reviewer, status=status, verdict=verdict,
                           note=note, expected_version=expect_version, organisation=organisation)
    click.echo(f"review {r.id} recorded for claim {claim_id}: {r.status}"
               f"{', ' + r.verdict if r.verdict else ''} (version {r.version})")


@cli.command()
@click.argument("claim_id", type=DB_ID)
@format_option
@click.pass_context
def history(ctx, claim_id, fmt):
    """Show a claim's curation trail, oldest first: reviews, match reviews, merges.

    The first line gives the claim's current state and version (pass it to
    `review --expect-version`).

    \b
    Example:
      claimcheck history 12
    """
    from claimcheck.curation import stance

    store = _store(ctx)
    trail = store.claim_history(claim_id)
    state = store.curation_state(claim_id)
    rows = [_review_dict(r) for r in trail]
    root, member_ids = store.cluster_of(claim_id)
    claims = {c.id: c for c in store.claims(ids=member_ids, include_merged=True)}
    members = [{"claim": i, "document": claims[i].document_id, "stance": stance(claims[i], claims[root])}
               for i in member_ids if i in claims and root in claims]
    if fmt == "json":
        _say(json.dumps({"claim": claim_id, "status": state.status,
                         "verdict": state.verdict, "version": state.version,
                         "merged_into": state.merged_into, "cluster": state.root,
                         "members": members, "trail": rows}, indent=2, ensure_ascii=False))
        return
    where = f", merged into claim {state.root}" if state.merged_into is not None else ""
    click.echo(f"claim {claim_id}: {state.status}"
               f"{', ' + state.verdict if state.verdict else ''} (version {state.version}{where})")
    if len(members) > 1:
        _say(f"cluster of claim {root}: " + ", ".join(
            f"{m['claim']} (document {m['document']}, {m['stance']})" for m in members))
    _say(_table(rows, REVIEW_COLUMNS))


@cli.group()
def reviews():
    """The curation trail of the whole database."""


def _since(value: str | None):
    if value is None:
        return None
    from datetime import UTC, datetime

    try:
        when = datetime.fromisoformat(value)
    except ValueError as e:
        raise UserError(f"--since {value!r}: not a date (2026-12-01) or time "
                        "(2026-12-01T09:30+00:00)") from e
    return when if when.tzinfo else when.replace(tzinfo=UTC)


@reviews.command("list")
@click.option("--by", help="Only this reviewer's entries.")
@click.option("--since", metavar="DATE", help="Only entries made at or after DATE (ISO date or "
              "time; without a zone, UTC).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@format_option
@click.pass_context
def reviews_list(ctx, by, since, limit, fmt):
    """List reviews, match reviews, merges and unmerges, oldest first.

    \b
    Examples:
      claimcheck reviews list --by ann --since 2026-12-01
      claimcheck reviews list --format json
    """
    rows = [_review_dict(r) for r in _store(ctx).list_reviews(by=by, since=_since(since),
                                                             limit=limit)]
    _listing(rows, REVIEW_COLUMNS, fmt)


@cli.command()
@click.argument("keep_id", type=DB_ID)
@click.argument("duplicate_ids", type=DB_ID, nargs=-1, required=True)
@click.option("--note", default="", help="Why they are one claim.")
@_reviewer_option
@click.pass_context
def merge(ctx, keep_id, duplicate_ids, note, reviewer):
    """Merge duplicate claims into KEEP_ID's cluster (they leave listings; the trail keeps it).

    Merging into a merged claim merges into its cluster; a merged duplicate brings its cluster
    along; a claim already in the cluster is refused, so no merge can hide a claim.
    `claimcheck unmerge ID` takes one back out.

    \b
    Example:
      claimcheck merge 12 40 41 --note "same statement, three outlets"
    """
    plan = _store(ctx).merge_into(keep_id, list(duplicate_ids), reviewer=reviewer, note=note)
    for child, root in plan:
        click.echo(f"merged claim {child} into claim {root}")


@cli.command()
@click.argument("claim_id", type=DB_ID)
@click.option("--note", default="", help="Why it is not the same claim.")
@_reviewer_option
@click.pass_context
def unmerge(ctx, claim_id, note, reviewer):
    """Take CLAIM_ID (with the claims merged into it) back out of its cluster.

    \b
    Example:
      claimcheck unmerge 40 --note "another year"
    """
    parent = _store(ctx).unmerge(claim_id, reviewer=reviewer, note=note)
    click.echo(f"claim {claim_id} unmerged from claim {parent}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Only loopback is safe: the page has no login.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--organisation", default=lambda: os.environ.get("CLAIMCHECK_ORGANISATION"),
              show_default="$CLAIMCHECK_ORGANISATION",
              help="Organisation the reviews are made for (author of their ClaimReview).")
@_reviewer_option
@click.pass_context
def serve(ctx, host, port, organisation, reviewer):
    """Open a local review page: the queue, claims and conflicts side by side, the trail.

    Reviews recorded there are the same as `claimcheck review` (same store, same trail, same
    refusal of a change made on a stale page). Stop it with Ctrl-C.

    \b
    Example:
      claimcheck serve --reviewer ann        # then open http://127.0.0.1:8765/
    """
    from claimcheck.serve import serve as run

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: anyone who can reach it can record reviews",
                   err=True)
    store = _store(ctx)
    click.echo(f"review page on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    try:
        run(store, host=host, port=port, reviewer=reviewer, organisation=organisation)
    except OSError as e:
        raise UserError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e


@cli.command("export")
@click.option("--out", type=click.Path(dir_okay=False), help="Write here (default stdout).")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv"]), default=None,
              help="json: one object; jsonl: one record a line; csv: claims with findings and "
                   "reviews (not re-importable). Default: from --out's extension, else json.")
@click.pass_context
def export_cmd(ctx, out, fmt):
    """Export the whole database (documents, claims, matches, verdicts, the review trail and
    merges) for `claimcheck import` into another SQLite or PostgreSQL database; or a CSV.

    \b
    Examples:
      claimcheck export --out claims-export.jsonl
      claimcheck export --format csv --out claims.csv
    """
    from claimcheck.exchange import export_csv, export_database, to_jsonl

    _check_out(out)
    if fmt is None:
        suffix = Path(out).suffix.lower() if out else ""
        fmt = {".jsonl": "jsonl", ".csv": "csv"}.get(suffix, "json")
    store = _store(ctx)
    if fmt == "csv":
        _emit(export_csv(store), out)
    elif fmt == "jsonl":
        _emit(to_jsonl(export_database(store)), out)
    else:
        _emit(json.dumps(export_database(store), indent=2, ensure_ascii=False), out)


@cli.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Largest document text accepted, in bytes (default 20 MB or "
                   "$CLAIMCHECK_MAX_BYTES, as for ingest).")
@click.pass_context
def import_cmd(ctx, path, max_bytes):
    """Import a file written by `claimcheck export` (JSON or JSONL). Idempotent: known
    documents and trail entries are skipped; a review trail is merged with this database's, the
    latest review winning; merges are carried over. The whole file is checked first (its
    schema, offsets inside their text, claims it refers to, labels): a defect exits 2 naming
    the record and the field, and nothing is written.

    \b
    Example:
      claimcheck --db postgresql+psycopg://postgres@127.0.0.1/claims import claims-export.jsonl
    """
    from claimcheck.exchange import import_database, read_export

    data = read_export(path, max_bytes=max_bytes)  # checked whole before the database is opened
    counts = import_database(_store(ctx), data, path=path)
    click.echo(", ".join(f"{k}: {v}" for k, v in counts.items()))


# -- previously checked claims ----------------------------------------------------------------

@cli.group()
def known():
    """Previously fact-checked claims: import databases, find matches."""


@known.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--collection", help="Name of the collection (default: the file name).")
@click.pass_context
def known_import(ctx, path, collection):
    """Import verified claims: ClaimReview JSON-LD, JSONL, or TSV (id, claim, title).

    \b
    Example:
      claimcheck known import verified_claims.docs.tsv
    """
    from claimcheck.known import load_known_claims

    if not Path(path).is_file():
        raise UserError(f"{path}: no such file")
    items = load_known_claims(path)
    rows = [{"external_id": str(k.id), "claim": k.claim, "title": k.title, "rating": k.rating,
             "url": k.url, "date": k.date, "source": k.source} for k in items]
    n = _store(ctx).add_known_claims(collection or Path(path).name, rows)
    click.echo(f"{n} known claims imported from {path}")


@known.command("match")
@click.argument("query")
@click.option("--top", type=int, default=5, show_default=True)
@format_option
@click.pass_context
def known_match(ctx, query, top, fmt):
    """Rank known claims for a TEXT, or for each check-worthy claim of a document id.

    \b
    Example:
      claimcheck known match "Drinking bleach cures covid" --top 3
      claimcheck known match 2
    """
    from claimcheck.pipeline import known_index

    store = _store(ctx)
    index = known_index(store)
    if index is None:
        raise UserError("no known claims yet: import some with `claimcheck known import FILE`")
    if query.isdigit() and int(query) <= DB_ID.max:
        doc_id = int(query)
        if store.document(doc_id) is None:
            raise UserError(f"no document with id {doc_id}")
        queries = [(c.id, c.text) for c in store.claims([doc_id], checkworthy=True)]
    else:
        queries = [(None, query)]
    rows = []
    for claim_id, text in queries:
        for k, score in index.search(text, top=top):
            rows.append({"claim_id": claim_id, "score": round(float(score), 3),
                         "known_id": k.id, "rating": k.rating, "known_claim": k.claim,
                         "url": k.url})
    _listing(rows, ["claim_id", "score", "rating", "known_claim", "url"], fmt)


# -- sentence model ---------------------------------------------------------------------------

@cli.group()
def model():
    """The sentence model (all-MiniLM-L6-v2): install it and check it.

    Without it claimcheck runs on lexical features only; reports say which mode they were made
    in. Files go to $CLAIMCHECK_MODEL_DIR, else ~/.cache/claimcheck/models/all-MiniLM-L6-v2
    ($XDG_CACHE_HOME is honoured); CLAIMCHECK_NO_MODEL=1 ignores an installed model.
    """


@model.command("install")
@click.argument("path", required=False, metavar="[PATH]")
def model_install(path):
    """Install the pinned sentence model, from the folder PATH or from the Hugging Face hub.

    PATH is a folder holding model.safetensors, tokenizer.json, config.json and vocab.txt
    (e.g. a copy of sentence-transformers/all-MiniLM-L6-v2). Without PATH they are downloaded
    at the pinned revision. Every file's size and sha256 is checked before anything is put in
    place; a mismatch installs nothing and exits 2. Safe to re-run.

    \b
    Examples:
      claimcheck model install ../shared/models/all-MiniLM-L6-v2
      claimcheck model install
      CLAIMCHECK_MODEL_DIR=/opt/models/minilm claimcheck model install ./minilm
    """
    from claimcheck.embed import MODEL, install_model, reset_encoder

    if path is None:
        click.echo(f"downloading {MODEL.repo} at {MODEL.revision[:12]} from huggingface.co ...",
                   err=True)
    result = install_model(path)
    reset_encoder()
    click.echo(result.message)


@model.command("status")
@format_option
def model_status_cmd(fmt):
    """Say where the sentence model is, whether its files verify, and which mode runs use.

    \b
    Examples:
      claimcheck model status
      claimcheck model status --format json
    """
    from claimcheck.embed import model_status

    status = model_status()
    if status["disabled"]:
        mode = "lexical (CLAIMCHECK_NO_MODEL is set)"
    elif status["verified"]:
        mode = "semantic"
    else:
        mode = "lexical"
    status["mode"] = mode.split(" ", 1)[0]
    if fmt == "json":
        click.echo(json.dumps(status, indent=2, ensure_ascii=False))
        return
    if status["verified"]:
        state = "installed, verified"
    elif not status["installed"]:
        state = "not installed: run `claimcheck model install [PATH]`"
    else:
        state = "does not verify: run `claimcheck model install [PATH]` again"
    click.echo(f"   model: {status['model']} ({status['repo']} @ {status['revision'][:12]}, "
               f"{status['licence']})")
    click.echo(f"  folder: {status['path']}")
    click.echo(f"   state: {state}")
    click.echo(f"    mode: {mode}\n")
    click.echo(_table(status["files"], ["file", "status", "bytes", "sha256"]))


# -- database and demo ------------------------------------------------------------------------

@cli.group()
def db():
    """Database schema: status and upgrade (Alembic migrations)."""


@db.command("status")
@click.pass_context
def db_status(ctx):
    """Show the schema revision and row counts. Read-only: it never creates or migrates a
    database (`claimcheck db upgrade` does).

    \b
    Example:
      claimcheck --db postgresql+psycopg://postgres@127.0.0.1/test db status
    """
    from claimcheck.store import SqlStore
    from claimcheck.store.repository import database_url

    url = database_url(ctx.obj["db"])
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:" \
            and not Path(url[len("sqlite:///"):]).exists():
        raise UserError(f"{ctx.obj['db']}: no such database (`claimcheck db upgrade` or any "
                        "command that stores something creates it)")
    store = SqlStore(ctx.obj["db"], upgrade=False)
    ctx.call_on_close(store.close)
    for k, v in store.schema_status().items():
        click.echo(f"{k:>10}: {v}")
    for k, v in store.table_counts().items():
        click.echo(f"{k:>18}: {v}")


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx):
    """Apply pending schema migrations (safe to re-run).

    \b
    Example:
      claimcheck db upgrade
    """
    store = _store(ctx)
    store.upgrade()
    click.echo(f"schema at {store.schema_status()['current']}")


@cli.command()
@click.option("--out-dir", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Where report.json and report.html are written.")
@click.pass_context
def demo(ctx, out_dir):
    """Run the whole check on the shipped fixtures, offline (what `make demo` does).

    \b
    Example:
      claimcheck --db demo.db demo --out-dir /tmp
    """
    from claimcheck.pipeline import CheckOptions, run_check

    fixtures = _fixtures_dir()
    docs = sorted(_as_given(p) for p in fixtures.iterdir()
                  if p.suffix in (".md", ".txt", ".html") and p.is_file())
    archive = fixtures / "references.warc.gz"
    options = CheckOptions(archives=[str(archive)] if archive.exists() else [], offline=True)
    report = run_check(_store(ctx), docs, options, progress=_progress(ctx))
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    _emit(_render(report, "json"), str(Path(out_dir) / "report.json"))
    _emit(_render(report, "html"), str(Path(out_dir) / "report.html"))
    click.echo(_summary_text(report))
    click.echo(f"\nWrote {Path(out_dir) / 'report.json'} and {Path(out_dir) / 'report.html'}")


def _summary_text(report: dict) -> str:
    from claimcheck.report import render_summary

    return render_summary(report, color=sys.stdout.isatty())


def _as_given(path: Path) -> str:
    """A path relative to the working folder when it lies inside it: reports name documents by
    their location, and an absolute path would show this machine's folders to every reader."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _fixtures_dir() -> Path:
    here = Path(__file__).resolve().parent.parent / "fixtures"
    if here.is_dir():
        return here
    raise UserError("fixtures/ not found: run the demo from a clone of the repository")


def main() -> None:
    """Entry point of the ``claimcheck`` command."""
    try:
        cli.main(prog_name="claimcheck")
    except Exception as e:  # noqa: BLE001 - last resort: one line, not a traceback
        if "-v" in sys.argv or "-vv" in sys.argv or "--verbose" in sys.argv:
            raise
        _say(f"Error: internal error: {type(e).__name__}: {e} (run with -v for details)", err=True)
        sys.exit(3)
