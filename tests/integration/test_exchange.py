"""Export -> file -> import between two real databases of the same backend (SQLite files, and
PostgreSQL schemas when CLAIMCHECK_TEST_PG is set): every slot survives, old exports still load."""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

from claimcheck.exchange import export_database, import_database, read_export
from claimcheck.model import DateMention, Entity, Quantity, Slots, SourceDocument, TimeMention
from claimcheck.store import SqlStore
from timed_claims import TIMED, timed_extraction


@pytest.fixture
def second_db_url(db_url, new_db_url):
    """Another fresh database on the same backend as ``db_url`` (the import target)."""
    return new_db_url("sqlite" if db_url.startswith("sqlite") else "postgresql", "imported.db")


@pytest.fixture
def stores(db_url, second_db_url):
    source, target = SqlStore(db_url), SqlStore(second_db_url)
    yield source, target
    source.close()
    target.close()


def _doc() -> SourceDocument:
    return SourceDocument(text=TIMED, sha256="e" * 64, location="t.txt",
                          paragraphs=((0, len(TIMED)),))


def _export_file(store: SqlStore, tmp_path, strip=None) -> dict:
    """Export to a JSON file as ``claimcheck export`` does and read it back."""
    data = export_database(store)
    if strip:
        strip(data)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return read_export(str(path))


def test_times_ranges_and_tallies_survive_export_and_import(stores, tmp_path):
    source, target = stores
    source.add_document(_doc(), timed_extraction())
    data = _export_file(source, tmp_path)
    slots = data["documents"][0]["claims"][0]["slots"]
    assert slots["times"] == [{"text": "14:00", "value": "14:00", "start": 3, "end": 8}]
    assert [q["high"] for q in slots["quantities"]] == [60.0, None, 3.0, 4.6e9]

    assert import_database(target, data)["documents"] == 1
    (got,) = target.claims()
    (want,) = timed_extraction().claims
    (t,) = got.slots.times
    assert (t.text, t.value, t.start, t.end) == ("14:00", "14:00", 3, 8)
    people, single, tally, money = got.slots.quantities
    assert (people.value, people.high) == (40.0, 60.0)
    assert single.high is None
    assert (tally.kind, tally.value, tally.high) == ("tally", 6.0, 3.0)
    assert (money.value, money.high, money.unit) == (3.8e9, 4.6e9, "USD")
    assert got.slots == want.slots
    assert import_database(target, data)["documents"] == 0  # importing twice changes nothing
    assert target.claims()[0].slots == want.slots


def test_exports_written_before_times_and_ranges_still_import(stores, tmp_path):
    source, target = stores
    source.add_document(_doc(), timed_extraction())

    def strip(data):  # what an export from before Slots.times and Quantity.high looked like
        for doc in data["documents"]:
            for claim in doc["claims"]:
                del claim["slots"]["times"]
                for q in claim["slots"]["quantities"]:
                    del q["high"]

    import_database(target, _export_file(source, tmp_path, strip))
    (got,) = target.claims()
    assert got.slots.times == ()
    assert [q.high for q in got.slots.quantities] == [None] * 4
    assert [q.value for q in got.slots.quantities] == [40.0, 12.0, 6.0, 3.8e9]


def test_every_slot_field_is_covered_by_the_round_trips():
    """Tripwire: a new field on Slots or a mention type needs the store (store/repository.py
    ``_claim_row``/``claim_from_row``, maybe a migration) and exchange.py ``_extraction_in`` to
    carry it, and ``timed_extraction`` to set it, before this list is extended."""
    assert [f.name for f in fields(Slots)] == [
        "entities", "dates", "quantities", "negated", "quantifier", "hedged", "times"]
    assert [f.name for f in fields(Quantity)] == [
        "text", "value", "unit", "kind", "start", "end", "approximate", "high"]
    assert [f.name for f in fields(TimeMention)] == ["text", "value", "start", "end"]
    assert [f.name for f in fields(Entity)] == ["text", "canonical", "start", "end", "kind"]
    assert [f.name for f in fields(DateMention)] == [
        "text", "value", "precision", "start", "end", "end_value", "relative", "inferred_year"]
