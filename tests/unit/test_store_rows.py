"""The store's write path helpers: the collector pause of a batch write is undone (issue #16,
store write path)."""

from __future__ import annotations

import gc
import threading

import pytest

from claimcheck.store.repository import _collector_paused


def test_collector_pause_is_undone_and_shared_by_threads():
    assert gc.isenabled()
    entered, release = threading.Barrier(3), threading.Event()

    def writer():
        with _collector_paused():
            entered.wait()
            release.wait()

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for t in threads:
        t.start()
    entered.wait()
    assert not gc.isenabled()  # both inside
    release.set()
    for t in threads:
        t.join()
    assert gc.isenabled()  # the last one out enabled it again


def test_collector_pause_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with pytest.raises(RuntimeError), _collector_paused():
            raise RuntimeError
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), _collector_paused():
        raise RuntimeError
    assert gc.isenabled()
