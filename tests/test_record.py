"""linter.record: the record classes the linter uses in place of dataclasses (see its docstring).

What matters is that a record behaves like the dataclass it replaced: construction with
defaults and factories, value equality and hashing over the compared fields, ordering,
frozenness, slots, pickling (the rule cache pickles records) and `replace`.
"""

from __future__ import annotations

import pickle
from typing import ClassVar

import pytest

from linter.record import FrozenInstanceError, field, fields, record, replace


@record(frozen=True, slots=True, order=True)
class Point:
    x: int
    y: int = 0
    label: str = field(default="", compare=False, repr=False)


@record
class Bag:
    name: str
    items: list[str] = field(default_factory=list)
    kind: ClassVar[str] = "bag"


@record(frozen=True)
class Box:
    width: int
    tags: tuple[str, ...] = ()


@record(eq=False)
class Handle:
    name: str


def test_construction_takes_positional_keyword_default_and_factory_values() -> None:
    assert (Point(1).x, Point(1).y, Point(1, 2).y, Point(x=3, y=4).y) == (1, 0, 2, 4)
    first, second = Bag("a"), Bag("b")
    first.items.append("pen")
    assert second.items == []  # each instance gets its own list
    assert Bag("c", ["x"]).items == ["x"]
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, 2, "l", 4)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, z=2)  # type: ignore[call-arg]


def test_equality_hash_and_order_use_only_compared_fields() -> None:
    assert Point(1, 2, "a") == Point(1, 2, "b")
    assert hash(Point(1, 2, "a")) == hash(Point(1, 2, "b"))
    assert Point(1, 2) != Point(1, 3)
    assert Point(1, 9) < Point(2, 0) <= Point(2, 0) < Point(2, 1)
    assert sorted([Point(2), Point(1, 5), Point(1, 1)]) == [Point(1, 1), Point(1, 5), Point(2)]
    assert Point(1) != (1, 0)  # another type is never equal
    with pytest.raises(TypeError):
        _ = Point(1) < (1, 0)  # type: ignore[operator]
    assert {Box(1), Box(1), Box(2)} == {Box(1), Box(2)}


def test_a_mutable_record_compares_by_value_and_is_unhashable() -> None:
    assert Bag("a") == Bag("a") and Bag("a") != Bag("b")
    with pytest.raises(TypeError):
        hash(Bag("a"))


def test_eq_false_keeps_identity_equality_and_hash() -> None:
    first = Handle("h")
    assert first == first and first != Handle("h")
    assert hash(first) == object.__hash__(first)


def test_frozen_records_refuse_assignment_and_deletion() -> None:
    point, box = Point(1), Box(1)
    with pytest.raises(FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del box.width  # type: ignore[misc]
    with pytest.raises(AttributeError):  # FrozenInstanceError is an AttributeError
        box.width = 5  # type: ignore[misc]
    bag = Bag("a")
    bag.name = "b"
    assert bag.name == "b"


def test_slots_records_have_no_instance_dict() -> None:
    assert Point.__slots__ == ("x", "y", "label")
    assert not hasattr(Point(1), "__dict__")


def test_repr_shows_the_fields_in_order_except_those_left_out() -> None:
    assert repr(Point(1, 2, "hidden")) == "Point(x=1, y=2)"
    assert repr(Bag("a")) == "Bag(name='a', items=[])"


def test_a_record_without_fields_is_built_and_compared() -> None:
    built: list[str] = []

    @record(frozen=True)
    class Marker:
        def __post_init__(self) -> None:
            built.append("post-init")

    assert Marker() == Marker() and hash(Marker()) == hash(Marker())
    assert repr(Marker()).endswith(".Marker()")
    assert built == ["post-init"] * 5  # __post_init__ runs for a record with no fields too


def test_class_variables_are_not_fields() -> None:
    assert [f.name for f in fields(Bag)] == ["name", "items"]
    assert Bag.kind == "bag"


def test_records_survive_pickling() -> None:
    for value in (Point(1, 2, "l"), Box(3, ("a",)), Bag("a", ["x"])):
        copy = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert copy == value and type(copy) is type(value)
    restored = pickle.loads(pickle.dumps(Point(1, 2, "l")))
    assert restored.label == "l"  # a field left out of comparison is still restored


def test_replace_copies_with_changes_and_rejects_unknown_fields() -> None:
    assert replace(Point(1, 2, "l"), y=5) == Point(1, 5)
    assert replace(Point(1, 2, "l"), y=5).label == "l"
    with pytest.raises(TypeError, match="no field 'z'"):
        replace(Point(1), z=3)


def test_declaration_errors_are_caught_when_the_class_is_defined() -> None:
    with pytest.raises(TypeError, match="non-default field 'b'"):

        @record
        class Bad:
            a: int = 0
            b: int

    with pytest.raises(ValueError, match="default_factory"):

        @record
        class Shared:
            items: list[int] = []  # noqa: RUF012 - the mistake under test

    with pytest.raises(ValueError, match="order=True requires eq=True"):

        @record(order=True, eq=False)
        class Unordered:
            a: int
