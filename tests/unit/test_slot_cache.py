"""The slot cache: the same statement met again at another offset gives the same slots, moved."""

from datetime import date

from claimcheck.extract.slots import CACHE_SIZE, clear_cache, extract_slots

TEXT = "On March 2, 2022, only Syria and 4 other states voted against it, the UN said."
REFERENCE = date(2022, 7, 20)


def _fresh(offset: int):
    clear_cache()
    return extract_slots(TEXT, offset, REFERENCE)


def test_a_cached_statement_at_another_offset_equals_a_fresh_extraction():
    clear_cache()
    first = extract_slots(TEXT, 100, REFERENCE)
    for offset in (0, 7, 100, 5000):
        assert extract_slots(TEXT, offset, REFERENCE) == _fresh(offset)
        extract_slots(TEXT, 100, REFERENCE)
    assert first == _fresh(100)


def test_mentions_point_into_the_document_at_every_offset():
    document = "x" * 40 + TEXT + " " + TEXT
    clear_cache()
    for offset in (40, 41 + len(TEXT)):
        slots = extract_slots(TEXT, offset, REFERENCE)
        mentions = [*slots.entities, *slots.dates, *slots.quantities]
        assert len(mentions) >= 4
        for mention in mentions:
            assert document[mention.start:mention.end] == mention.text


def test_the_reference_date_is_part_of_the_key():
    clear_cache()
    text = "The talks ended on July 13."
    assert extract_slots(text, 0, date(2022, 7, 20)).dates[0].value == "2022-07-13"
    assert extract_slots(text, 0, date(2019, 8, 1)).dates[0].value == "2019-07-13"


def test_the_cache_stays_bounded():
    clear_cache()
    for i in range(CACHE_SIZE + 50):
        extract_slots(f"Statement number {i} about Kenya.", i, REFERENCE)
    from claimcheck.extract import slots as module
    assert len(module._CACHE) <= CACHE_SIZE


def test_slots_made_without_the_constructor_equal_constructed_ones():
    import dataclasses

    from claimcheck.model import Slots
    clear_cache()
    made = extract_slots(TEXT, 0, REFERENCE)
    rebuilt = Slots(**{f.name: getattr(made, f.name) for f in dataclasses.fields(Slots)})
    assert made == rebuilt and hash(made) == hash(rebuilt)
    assert type(made) is Slots and not hasattr(made, "__dict__")  # slots=True: nothing beside the fields


def test_cached_slots_are_plain_values_the_collector_stops_tracking():
    import gc

    from claimcheck.extract import slots as module
    clear_cache()
    first = extract_slots(TEXT, 0, REFERENCE)
    (packed,) = module._CACHE.values()
    assert all(type(value) in (str, int, float, bool, type(None)) for value in packed)  # one flat tuple
    gc.collect(0)  # one collection of the youngest generation is enough (no nested tuple to wait for)
    assert not gc.is_tracked(packed)  # nothing in it the collector must re-read
    again = extract_slots(TEXT, 0, REFERENCE)
    moved = extract_slots(TEXT, 25, REFERENCE)
    assert again == first and hash(again) == hash(first)
    assert moved == dataclasses_replace_all(first, 25)


def dataclasses_replace_all(slots, shift):
    import dataclasses

    def move(mentions):
        return tuple(dataclasses.replace(m, start=m.start + shift, end=m.end + shift) for m in mentions)
    return dataclasses.replace(slots, entities=move(slots.entities), dates=move(slots.dates),
                               quantities=move(slots.quantities), times=move(slots.times))


def test_the_oldest_statement_leaves_the_full_cache_first():
    from claimcheck.extract import slots as module
    clear_cache()
    texts = [f"Statement {i} about Peru." for i in range(CACHE_SIZE + 3)]
    for i, text in enumerate(texts):
        extract_slots(text, i, REFERENCE)
    kept = {key[0] for key in module._CACHE}
    assert len(kept) == CACHE_SIZE and not kept & set(texts[:3]) and set(texts[3:]) == kept
    assert list(module._ORDER) == list(module._CACHE)
