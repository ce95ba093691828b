"""The store's write path helpers: the rows' JSON is ``json.dumps``'s text, and the collector
pause of a batch write is undone (issue #16, store write path)."""

from __future__ import annotations

import gc
import json
import threading

import pytest

from claimcheck.model import DateMention, Entity, Quantity, TimeMention
from claimcheck.rows import dumps, json_list
from claimcheck.store.repository import _collector_paused


@pytest.mark.parametrize("value", [
    [], {}, (), "", "plain", "é \u2028 \" \\ \n\t \x00 😀", 0, -3, 10**30, 2.0, -0.0, 0.1 + 0.2, 1e300,
    5e-324, float("nan"), float("inf"), -float("inf"), None, True, False,
    ["e:council", "q:count::140"], ("a", ("b", [1.5, None])),
    {"value": 141.0, "unit": "", "text": "Some 141", "nested": [{"k": True}], "n": None},
])
def test_dumps_is_json_dumps(value):
    assert dumps(value) == json.dumps(value)


def test_slot_lists_as_json_dumps_of_their_fields():
    slots = (Entity("council", "Council", 4, 11, "organization"),
             DateMention("2 March 2022", "2022-03-02", "day", 21, 33),
             Quantity("141 states", 141.0, "state", "count", 40, 50),
             TimeMention("10:30", "10:30", 3, 8))
    from dataclasses import asdict

    for item in slots:
        assert json_list((item,)) == json.dumps([asdict(item)])
    assert json_list(()) == json.dumps([])


def test_dumps_refuses_what_json_dumps_refuses():
    with pytest.raises(TypeError):
        dumps([object()])
    assert dumps(["still works"]) == '["still works"]'


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
