"""model.direct_constructor: equal objects without the frozen __init__, refused where unsafe;
and field_dict, for classes with and without __slots__."""

import copy
import dataclasses
import pickle

import pytest

from claimcheck.extract.sentences import Segment
from claimcheck.model import (DateMention, Entity, Quantity, Reason, Slots, TimeMention, direct_constructor,
                              field_dict)

CASES = [
    (Entity, ("DPRK", "North Korea", 3, 7, "country")),
    (DateMention, ("July 13", "2022-07-13", "day", 0, 7, None, False, True)),
    (Quantity, ("369 vessels", 369.0, "vessel", "count", 10, 21, False, None)),
    (TimeMention, ("9 a.m.", "09:00", 4, 10)),
    (Slots, ((Entity("Kenya", "Kenya", 0, 5, "country"),), (), (), True, "only", False, ())),
    (Segment, (0, 12, 1, "sentence", False)),
]


@pytest.mark.parametrize("cls, values", CASES)
def test_made_objects_equal_constructed_ones(cls, values):
    made, built = direct_constructor(cls)(*values), cls(*values)
    assert type(made) is cls
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert list(field_dict(made).items()) == list(field_dict(built).items())
    assert [f.name for f in dataclasses.fields(cls)] == list(field_dict(made))
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, dataclasses.fields(cls)[-1].name, values[-1])  # still frozen


@pytest.mark.parametrize("cls, values", CASES)
def test_made_objects_pickle_copy_replace_and_asdict_like_constructed_ones(cls, values):
    made, built = direct_constructor(cls)(*values), cls(*values)
    assert pickle.loads(pickle.dumps(made)) == built
    assert copy.copy(made) == built and copy.deepcopy(made) == built
    assert dataclasses.asdict(made) == dataclasses.asdict(built)
    first = dataclasses.fields(cls)[0].name
    assert dataclasses.replace(made, **{first: values[0]}) == built


def test_mentions_and_slots_have_no_dict():
    for cls, values in CASES[:5]:
        assert not hasattr(direct_constructor(cls)(*values), "__dict__")


def test_field_dict_is_a_new_dict_of_the_fields_in_order():
    reason = Reason("date", "2019", "2020", "years differ")
    assert field_dict(reason) == dataclasses.asdict(reason) and field_dict(reason) is not reason.__dict__
    quantity = Quantity("5 ships", 5.0, "ship", "count", 0, 7)
    assert list(field_dict(quantity).items()) == list(dataclasses.asdict(quantity).items())


def test_every_field_must_be_given():
    with pytest.raises(TypeError):
        direct_constructor(Entity)("DPRK", "North Korea", 3, 7)
    with pytest.raises(TypeError):
        direct_constructor(Segment)(0, 12, 1, "sentence")


def test_a_class_with_post_init_is_refused():
    @dataclasses.dataclass(frozen=True)
    class Checked:
        value: int

        def __post_init__(self):
            assert self.value >= 0

    with pytest.raises(TypeError):
        direct_constructor(Checked)


def test_a_class_with_slots_beside_its_fields_is_refused():
    class Base:
        __slots__ = ("extra",)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Child(Base):
        value: int

    with pytest.raises(TypeError):
        direct_constructor(Child)
