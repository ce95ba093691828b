"""Bulk ingest on several cores: documents' claims extracted in worker processes.

Extraction (sentences, slots, check-worthiness, the matching state) is CPU work that holds the
GIL, so one process extracts at the speed of one core. For a large batch, ``store_documents``
hands each new document to an :class:`ExtractionPool`: worker processes extract it and make its
rows (``claimcheck.rows.document_rows``) while the calling process writes the documents before
it, in their order, as it writes them alone. The rows are the same (the tests compare whole
databases), so the workers change the speed only.

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
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager

from claimcheck.fetch_pool import _Worker, available_cpus, serve
from claimcheck.model import SourceDocument
from claimcheck.rows import DocumentRows

log = logging.getLogger(__name__)

# Below both of these a batch is extracted in the calling process: starting two workers costs
# about 0.5 s of CPU (Python, the extraction's lexicons), as long as extracting ~40 documents of
# 3,000 characters takes (bench/README.md, "Bulk ingest on two cores").
MIN_DOCUMENTS = 32
MIN_CHARACTERS = 200_000
MAX_AUTO_WORKERS = 4
AHEAD = 8  # documents handed out per worker ahead of the one being written


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


class ExtractionPool:
    """``processes`` worker processes extracting documents (``submit``), started at once.

    Use it as a context manager: leaving it normally lets the workers finish; leaving it with
    an exception (Ctrl-C included) stops them without waiting for their documents."""

    def __init__(self, processes: int):
        self.processes = processes
        self._workers = [_Worker("claimcheck.ingest_pool") for _ in range(processes)]
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        for worker in self._workers:
            self._idle.put(worker)
        self._threads = ThreadPoolExecutor(processes, thread_name_prefix="claimcheck-extract")
        self._stopping = threading.Event()
        self._broken = threading.Event()

    def submit(self, doc: SourceDocument) -> Future[DocumentRows]:
        """The rows of ``doc`` (``extract_rows``), computed in a worker."""
        return self._threads.submit(self._extract, doc)

    def load(self, spec: str, *, max_bytes: int | None, overrides: dict | None,
             reference_list: tuple) -> Future[SourceDocument]:
        """``claimcheck.ingest.load_document`` of a local file ``spec`` (``is_local``), in a
        worker: its ``InputError`` is raised by the future."""
        return self._threads.submit(self._run, load_local,
                                    (spec, max_bytes, overrides, reference_list))

    def _extract(self, doc: SourceDocument) -> DocumentRows:
        return DocumentRows(*self._run(_extract_in_worker, (doc,)))

    def _run(self, function, args: tuple):
        """``function(*args)`` in an idle worker; here when the workers died."""
        if self._stopping.is_set():
            raise RuntimeError("extraction pool closed")
        if not self._broken.is_set():
            worker = self._idle.get()
            try:
                return worker.run((function, args))
            except (EOFError, OSError, pickle.UnpicklingError) as exc:
                if self._stopping.is_set():
                    raise RuntimeError("extraction pool closed") from exc
                if not self._broken.is_set():
                    log.warning("an extraction worker process stopped (%s): reading and "
                                "extracting the remaining documents in this process", exc)
                self._broken.set()
            finally:
                self._idle.put(worker)
        return function(*args)

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


def _preload() -> None:
    """What the first document would load: the extraction's lexicons and compiled patterns;
    and log lines as the command line shows them (control characters escaped)."""
    from claimcheck.terminal import printable

    class Printable(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            return printable(super().format(record))

    for handler in logging.getLogger().handlers:
        handler.setFormatter(Printable("%(levelname)s %(name)s: %(message)s"))
    importlib.import_module("claimcheck.ingest")  # the reader, for documents read here
    extract_rows(SourceDocument(text="On 5 March 2024, 12 people said the plan cost $4 million.",
                                sha256="", location="-"))


def main() -> None:
    """An extraction worker (``claimcheck.fetch_pool.serve``)."""
    serve(_preload)


if __name__ == "__main__":
    main()
