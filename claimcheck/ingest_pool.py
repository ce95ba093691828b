"""Bulk ingest on several cores: documents' claims extracted in worker processes.

Extraction (sentences, slots, check-worthiness, the matching state) is CPU work that holds the
GIL, so one process extracts at the speed of one core. For a large batch, ``store_documents``
hands each new document to an :class:`ExtractionPool`: worker processes extract it and make its
rows (``claimcheck.rows.document_rows``) while the calling process writes the documents before
it, in their order, as it writes them alone. The rows are the same (the tests compare whole
databases), so the workers change the speed only. ``claimcheck ingest`` starts them before
reading (``bulk_pool``), so they read the local files too. Work goes out in requests of a few
documents, a batch ahead; a request no worker has taken when its turn comes (the workers are
still starting, or gone) is done by the caller, so the workers never make a batch wait.

The workers are ``python -m claimcheck.ingest_pool`` processes speaking the protocol of
:mod:`claimcheck.fetch_pool` (length-prefixed pickles on their standard streams): plain
subprocesses, so nothing forks the caller's threads and the caller's main module is never
imported again; they ignore Ctrl-C, which is the caller's to handle. Only the calling process
writes: a worker that dies (killed, out of memory) costs the speed, not a document (its
documents are extracted in the calling process instead, with a warning), and an interrupted run
writes no half of a document.
"""

from __future__ import annotations

import importlib
import logging
import os
import pickle
import queue
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from claimcheck.fetch_pool import _Worker, available_cpus, serve
from claimcheck.model import SourceDocument
from claimcheck.rows import DocumentRows

log = logging.getLogger(__name__)

# Below either of these a batch is extracted in the calling process: each worker costs about
# 0.55 s of CPU to start (Python, the reader, the extraction's lexicons). Measured on 2 shared
# cores with synthetic documents of 2,600 characters (bench/README.md, "Bulk ingest on two
# cores"): 250 documents (650,000 characters) took as long with 2 workers as without, 500 1.07x
# less time, 2,000 1.39x less.
MIN_DOCUMENTS = 32
MIN_CHARACTERS = 1_000_000
MAX_AUTO_WORKERS = 4
# Documents handed out per worker ahead of the one being written: with two workers, a batch of
# BATCH_DOCUMENTS (pipeline.py), so the workers keep extracting while a batch is written.
AHEAD = 100
# Documents per request: a request's round trip (pickles, pipes, thread switches) costs as much
# as reading a small file, so files are read LOAD_CHUNK a request and extracted EXTRACT_CHUNK.
LOAD_CHUNK = 16
EXTRACT_CHUNK = 4


def auto_workers(docs: Iterable[SourceDocument]) -> int:
    """Worker processes for extracting ``docs`` (the new documents of a batch): one per
    available CPU, at most ``MAX_AUTO_WORKERS``, when the batch is large enough to pay for
    starting them (``MIN_DOCUMENTS`` documents and ``MIN_CHARACTERS`` of text); else 1 (the
    calling process extracts)."""
    docs = list(docs)
    cpus = min(available_cpus(), MAX_AUTO_WORKERS)
    if cpus < 2 or len(docs) < MIN_DOCUMENTS or sum(len(d.text) for d in docs) < MIN_CHARACTERS:
        return 1
    return cpus


def is_local(spec: str) -> bool:
    """Whether ``spec`` names a local file a worker can read (not ``-``, not a URL; anything
    with a colon is read by the caller, which tells a drive letter from a scheme)."""
    return spec != "-" and ":" not in spec


def planned_workers(specs: Sequence[str], workers: int | None = None) -> int:
    """Worker processes for ingesting ``specs`` before they are read: ``workers`` when given,
    else as ``auto_workers`` would for their files (their sizes in bytes for characters)."""
    if workers is not None:
        return workers
    local = [spec for spec in specs if is_local(spec)]
    if len(local) < MIN_DOCUMENTS or min(available_cpus(), MAX_AUTO_WORKERS) < 2:
        return 1
    size = 0
    for spec in local:
        try:
            size += os.stat(spec).st_size
        except OSError:
            pass  # reading it says what is wrong
    return 1 if size < MIN_CHARACTERS else min(available_cpus(), MAX_AUTO_WORKERS)


@contextmanager
def bulk_pool(specs: Sequence[str], workers: int | None = None) -> Iterator[ExtractionPool | None]:
    """An ``ExtractionPool`` for ingesting ``specs`` (``planned_workers``), started before they
    are read so the workers read them too; None when one process does it all."""
    count = planned_workers(specs, workers)
    if count <= 1 or len(specs) <= 1:
        yield None
        return
    with ExtractionPool(min(count, len(specs))) as pool:
        yield pool


def load_local(spec: str, max_bytes: int | None, overrides: dict | None,
               reference_list: tuple) -> SourceDocument:
    """``load_document`` of a local file (what a worker runs)."""
    from claimcheck.ingest import load_document

    return load_document(spec, max_bytes=max_bytes, overrides=overrides,
                         reference_list=reference_list)


def extract_rows(doc: SourceDocument) -> DocumentRows:
    """A document's extraction as the rows it adds (what a worker computes): what
    ``store_documents`` extracts in its own process, as ``document_rows`` makes them."""
    from claimcheck.extract import extract_document
    from claimcheck.extract.links import cite_links
    from claimcheck.rows import document_rows

    extraction = cite_links(extract_document(doc.text, published=doc.published,
                                             references=doc.reference_list,
                                             published_precision=doc.published_precision),
                            doc.links)
    return document_rows(extraction)


def _extract_in_worker(doc: SourceDocument) -> tuple:
    """``extract_rows`` as a plain tuple (what is pickled back: no class to import)."""
    rows = extract_rows(doc)
    return (rows.references, rows.claims, rows.citations, rows.states, rows.issues)


class Task:
    """One document's reading or extraction handed to the pool: a worker runs it, unless the
    caller asks for its result before any worker took it (the workers are still starting, or
    busy): then the caller runs it (``result``) and the workers skip it. Either way once, and
    the same result."""

    __slots__ = ("function", "args", "convert", "claimed", "future")

    def __init__(self, pool: ExtractionPool, function, args: tuple, convert=None):
        self.function, self.args, self.convert = function, args, convert
        self.claimed = False
        self.future = pool._threads.submit(pool._run, self)

    def result(self):
        """The result (a worker's, else computed here); what it raised, raised here."""
        if _claim(self):
            value = self.function(*self.args)
        else:
            value = self.future.result()
        return self.convert(value) if self.convert else value


_CLAIMS = threading.Lock()


def _claim(task: Task) -> bool:
    """Take ``task`` to run it; False when someone has taken it already."""
    with _CLAIMS:
        if task.claimed:
            return False
        task.claimed = True
        return True


def _ping() -> None:
    """A worker's first request: answered once it has loaded what documents need."""


class ExtractionPool:
    """``processes`` worker processes reading and extracting documents (``load``, ``submit``),
    started at once; each takes documents once it is ready.

    Use it as a context manager: leaving it normally lets the workers finish; leaving it with
    an exception (Ctrl-C included) stops them without waiting for their documents."""

    def __init__(self, processes: int):
        self.processes = processes
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._threads = ThreadPoolExecutor(processes, thread_name_prefix="claimcheck-extract")
        self._stopping = threading.Event()
        self._broken = threading.Event()
        self._workers = [_Worker("claimcheck.ingest_pool") for _ in range(processes)]
        for worker in self._workers:  # idle once started: until then the caller does the work
            threading.Thread(target=self._started, args=(worker,), daemon=True,
                             name="claimcheck-extract-start").start()

    def _started(self, worker: _Worker) -> None:
        try:
            worker.run((_ping, ()))
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            self._lost(exc)
        self._idle.put(worker)

    def submit(self, doc: SourceDocument) -> Task:
        """The rows of ``doc`` (``extract_rows``), computed in a worker (``Task.result``)."""
        return Task(self, _extract_in_worker, (doc,), _as_rows)

    def extract_in_order(self, docs: Sequence[SourceDocument]) -> Iterator[DocumentRows]:
        """The rows of ``docs`` (``extract_rows``), in order, ``EXTRACT_CHUNK`` documents a
        request and ``AHEAD`` documents a worker handed out ahead of the one asked for; a
        document whose extraction failed raises when its turn comes."""
        return self._in_order(_extract_in_worker, [(doc,) for doc in docs], EXTRACT_CHUNK,
                              max(1, AHEAD * self.processes // EXTRACT_CHUNK), _as_rows)

    def load_in_order(self, specs: Sequence[str], *, max_bytes: int | None,
                      overrides: dict | None, reference_list: tuple) -> Iterator[SourceDocument]:
        """``claimcheck.ingest.load_document`` of each local file of ``specs`` (``is_local``),
        in order, ``LOAD_CHUNK`` a request; the first bad input (``InputError``) raises when its
        turn comes."""
        items = [(spec, max_bytes, overrides, reference_list) for spec in specs]
        return self._in_order(load_local, items, LOAD_CHUNK, len(items))

    def _in_order(self, function, items: list[tuple], chunk: int, ahead: int, convert=None):
        chunks = [items[k:k + chunk] for k in range(0, len(items), chunk)]
        tasks = [Task(self, _each, (function, part)) for part in chunks[:ahead]]
        for k in range(len(chunks)):
            outcomes = tasks[k].result()
            tasks[k] = None  # done with
            if len(tasks) < len(chunks):
                tasks.append(Task(self, _each, (function, chunks[len(tasks)])))
            for ok, value in outcomes:
                if not ok:
                    raise value
                yield convert(value) if convert else value

    def _run(self, task: Task):
        """Run ``task`` in the next idle worker, unless the caller took it meanwhile; here when
        the workers died."""
        if self._stopping.is_set():
            raise RuntimeError("extraction pool closed")
        worker = self._idle.get()
        try:
            if self._stopping.is_set():
                raise RuntimeError("extraction pool closed")
            if not _claim(task):
                return None  # the caller ran it
            if not self._broken.is_set():
                try:
                    return worker.run((task.function, task.args))
                except (EOFError, OSError, pickle.UnpicklingError) as exc:
                    if self._stopping.is_set():
                        raise RuntimeError("extraction pool closed") from exc
                    self._lost(exc)
            return task.function(*task.args)
        finally:
            self._idle.put(worker)

    def _lost(self, exc: BaseException) -> None:
        if self._stopping.is_set():
            return
        if not self._broken.is_set():
            log.warning("an extraction worker process stopped (%s): reading and extracting the "
                        "remaining documents in this process", exc)
        self._broken.set()

    def close(self, *, abort: bool = False) -> None:
        """Stop the workers: after their current document, or at once (``abort``)."""
        if abort:
            self._stopping.set()
            for worker in self._workers:
                try:
                    worker.process.kill()
                except OSError:
                    pass
        self._threads.shutdown(wait=True, cancel_futures=True)
        for worker in self._workers:
            worker.close()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, exc_type, *_) -> None:
        self.close(abort=exc_type is not None)


def _each(function, items: list[tuple]) -> list[tuple[bool, object]]:
    """``function(*args)`` of each of ``items``: ``(True, result)`` or ``(False, exception)``
    each, so the caller raises a failure in its turn, after the documents before it."""
    out: list[tuple[bool, object]] = []
    for args in items:
        try:
            out.append((True, function(*args)))
        except Exception as exc:  # noqa: BLE001 - raised by the caller in the document's turn
            out.append((False, exc))
    return out


def _as_rows(values: tuple) -> DocumentRows:
    return DocumentRows(*values)


def _preload() -> None:
    """What the first document would load: the extraction's lexicons and compiled patterns;
    and log lines as the command line shows them (control characters escaped)."""
    from claimcheck.terminal import printable

    class Printable(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            return printable(super().format(record))

    for handler in logging.getLogger().handlers:
        handler.setFormatter(Printable("%(levelname)s %(name)s: %(message)s"))
    ingest = importlib.import_module("claimcheck.ingest")  # the reader, warmed on a sample
    doc = ingest.build_document(ingest.RawInput(_SAMPLE, "-", "text/plain"))
    extract_rows(doc)


_SAMPLE = ("Report on the plan\n\nBy A. Writer\nPublished: 5 March 2024\n\nOn 5 March 2024, "
           "12 people said the plan cost $4 million (Smith 2020), up 3% from 2023.\n\n"
           "References\n\nSmith, A. 2020. A book. https://example.org/book\n").encode()


def main() -> None:
    """An extraction worker (``claimcheck.fetch_pool.serve``)."""
    serve(_preload)


if __name__ == "__main__":
    main()
