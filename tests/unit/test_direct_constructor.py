"""model.direct_constructor: equal objects without the frozen __init__, refused where unsafe."""

import dataclasses

import pytest

from claimcheck.extract.sentences import Segment
from claimcheck.model import DateMention, Entity, Quantity, direct_constructor


@pytest.mark.parametrize("cls, values", [
    (Entity, ("DPRK", "North Korea", 3, 7, "country")),
    (DateMention, ("July 13", "2022-07-13", "day", 0, 7, None, False, True)),
    (Quantity, ("369 vessels", 369.0, "vessel", "count", 10, 21, False, None)),
    (Segment, (0, 12, 1, "sentence", False)),
])
def test_made_objects_equal_constructed_ones(cls, values):
    made, built = direct_constructor(cls)(*values), cls(*values)
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert list(made.__dict__) == [f.name for f in dataclasses.fields(cls)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 5  # still frozen


def test_every_field_must_be_given():
    with pytest.raises(TypeError):
        direct_constructor(Entity)("DPRK", "North Korea", 3, 7)


def test_a_class_with_post_init_is_refused():
    @dataclasses.dataclass(frozen=True)
    class Checked:
        value: int

        def __post_init__(self):
            assert self.value >= 0

    with pytest.raises(TypeError):
        direct_constructor(Checked)
