"""Reading fetched pages' text in worker processes, away from the network threads.

Extracting a page's text (decoding, lxml's parse, the main-text walk in Python, or a PDF's text
layer) is CPU work that holds the GIL. On the fetcher's threads it stalls every other thread's
socket reads, so a batch fetched on two cores went slower than on one. A :class:`ReaderPool` runs
:func:`~claimcheck.fetch_archive.page_text` in worker processes: a network thread hands a body
to an idle worker and waits for the text without holding the GIL. The workers start at the
first page that needs them; a page that waits on no network (archived, or a local file) is read
in the fetching thread unless they already run for the batch's network pages, and then whole in
a worker (:func:`~claimcheck.fetch_archive.read_archived`: body from the WARC file, sha256 and
text). The pages are the same.

Each worker is ``python -m claimcheck.fetch_pool`` reading length-prefixed pickled requests on
its standard input and answering on its standard output. Plain subprocesses, not
``multiprocessing``: nothing forks the caller's threads, and the caller's main module is never
imported again in a worker (a script without an ``if __name__ == "__main__"`` guard is safe).
"""

from __future__ import annotations

import importlib
import logging
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

logger = logging.getLogger(__name__)

MIN_PAGES = 64  # a smaller batch is read in the fetching threads: two workers cost ~0.2-0.4 s of CPU to start
_LENGTH = 8  # bytes of the big-endian length before each pickled message


def available_cpus() -> int:
    """CPUs this process may run on (``taskset`` and container limits respected)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _send(stream: BinaryIO, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(_LENGTH, "big") + data)
    stream.flush()


def _receive(stream: BinaryIO) -> object:
    """The next message; ``EOFError`` when the other side has gone."""
    head = stream.read(_LENGTH)
    if len(head) < _LENGTH:
        raise EOFError("worker stream closed")
    data = stream.read(int.from_bytes(head, "big"))
    return pickle.loads(data)


class _Worker:
    """One worker process and its pipes."""

    def __init__(self, module: str = "claimcheck.fetch_pool"):
        """``module``: the worker's ``python -m`` module (its ``main`` serves with ``_serve``)."""
        package_root = str(Path(__file__).resolve().parents[1])  # this very claimcheck, first
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (package_root, os.environ.get("PYTHONPATH")))))
        # the worker logs what the caller would: libraries at the root's level, claimcheck's own
        levels = [str(logging.getLogger().getEffectiveLevel()),
                  str(logging.getLogger("claimcheck").getEffectiveLevel())]
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, *levels],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True,
        )

    def run(self, request: tuple) -> Any:
        _send(self.process.stdin, request)
        status, value = _receive(self.process.stdout)
        if status == "error":
            raise value
        return value

    def close(self) -> None:
        try:
            self.process.stdin.close()  # the worker ends at end of input
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


class ReaderPool:
    """A :data:`~claimcheck.fetch_archive.Runner` whose calls run in worker processes.

    Thread-safe: each call takes an idle worker, so at most ``processes`` calls run at
    once. The workers start at the first call (two cost 0.2-0.4 s of CPU), so a batch whose
    pages all come from an archive, read through :meth:`if_started`, starts none. Use it as a
    context manager (or call :meth:`close`). Should a worker die (killed, out of memory), the
    pool says so once in the log and reads the remaining pages in the calling threads.

    Args:
        processes: worker processes (default: one per available CPU).
    """

    def __init__(self, processes: int | None = None):
        self._processes = processes or available_cpus()
        self._workers: list[_Worker] = []
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._start_lock = threading.Lock()
        self._started = threading.Event()
        self._broken = threading.Event()

    @property
    def started(self) -> bool:
        """Whether the worker processes are running (they start at the first call)."""
        return self._started.is_set()

    def _start(self) -> None:
        with self._start_lock:
            if self._started.is_set():
                return
            self._workers = [_Worker() for _ in range(self._processes)]
            for worker in self._workers:
                self._idle.put(worker)
            self._started.set()

    def if_started(self, function: Callable[..., Any], *args: Any) -> Any:
        """A :data:`~claimcheck.fetch_archive.Runner` for pages that wait on no network (archived
        pages, local files): in a worker when the workers are already running for the batch's
        network pages, else in the calling thread, where a few hundred archived pages are read
        sooner than the workers start (400 pages of 50 KB: 640 pages/s in one thread, 255 through
        two fresh workers, on the 2-core bench machine; bench/README.md)."""
        if self._started.is_set():
            return self(function, *args)
        return function(*args)

    def __call__(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` computed in an idle worker (``function`` is module-level, e.g.
        :func:`~claimcheck.fetch_archive.page_text`; its arguments and result are pickled).

        Raises:
            Exception: what ``function`` raised (e.g. ``FetchError`` for an unreadable PDF).
        """
        if not self._broken.is_set():
            if not self._started.is_set():
                self._start()
            worker = self._idle.get()
            try:
                return worker.run((function, args))
            except (EOFError, OSError, pickle.UnpicklingError) as exc:
                if not self._broken.is_set():
                    logger.warning("page reader process stopped (%s): reading pages in the fetching threads", exc)
                self._broken.set()
            finally:
                self._idle.put(worker)
        return function(*args)

    def close(self) -> None:
        """Stop the workers."""
        for worker in self._workers:
            worker.close()

    def __enter__(self) -> ReaderPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """A worker's loop: read each ``(function, args)``, answer ``("ok", result)`` or
    ``("error", exception)``, until the input ends."""
    while True:
        try:
            function, args = _receive(requests)
        except EOFError:
            return
        try:
            answer = ("ok", function(*args))
        except Exception as exc:  # noqa: BLE001 - handed back to the fetching thread, raised there
            answer = ("error", exc)
        try:
            _send(answers, answer)
        except (pickle.PicklingError, TypeError, AttributeError):  # an exception pickle cannot carry
            _send(answers, ("error", ValueError(f"{type(answer[1]).__name__}: {answer[1]}")))


def main() -> None:
    """A page reader worker (``serve``)."""
    serve(_preload_reader)


def _preload_reader() -> None:
    importlib.import_module("claimcheck.fetch_archive")  # the page reader, before the first page
    importlib.import_module("claimcheck.html")._cues()  # and its compiled cues


def serve(preload: Callable[[], None]) -> None:
    """A worker's main: ``preload()`` (what the first request would load), then serve on the
    standard streams; anything else printing to standard output goes to standard error
    instead, so it cannot break the answers. Log records go to standard error at the caller's
    level, in the command line's format."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle; input ends then
    logging.basicConfig(level=int(sys.argv[1]) if len(sys.argv) > 1 else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if len(sys.argv) > 2:
        logging.getLogger("claimcheck").setLevel(int(sys.argv[2]))
    preload()

    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    _serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
