"""Record classes declared like dataclasses, but cheap to define.

`@record` takes the same class body as `@dataclasses.dataclass` (annotated fields, `field(...)`
for defaults, factories and fields left out of comparison or repr) and the options this project
uses: `frozen`, `eq`, `order` and `slots`.

Why not `dataclasses`: a pre-commit run lints one small file in about a tenth of a second, and
`@dataclass` spent ~18 ms of it writing and compiling five or six methods for each of the ~30
classes a run imports, plus ~6 ms importing `inspect`, `ast` and `dis`. Here equality, hashing,
ordering, repr and frozenness are shared methods over the class's tuple of fields; only
`__init__` is generated (a generic one would make every instance slower to build), and only
when the class is first instantiated, so a class a run merely unpickles, such as the cached rule
set, never pays for it.
"""

from __future__ import annotations

import operator
import sys
from collections.abc import Callable

# typing is not imported at run time (~3 ms of a pre-commit run); type checkers read the block.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:

    def dataclass_transform(**_: object) -> Callable[[object], object]:
        """The marker that tells type checkers `record` works like `dataclass`."""
        return lambda decorator: decorator


__all__ = ["Field", "FrozenInstanceError", "field", "fields", "record", "replace"]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FrozenInstanceError(AttributeError):
    """Assigning to or deleting a field of a frozen record."""


class Field:
    """One field of a record: its name, default or default factory, and whether it takes part
    in comparison (equality, hash, order) and in the repr."""

    __slots__ = ("compare", "default", "default_factory", "name", "repr")

    def __init__(
        self,
        default: Any = MISSING,
        default_factory: Any = MISSING,
        compare: bool = True,
        repr: bool = True,
    ) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("a field cannot have both a default and a default_factory")
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr

    @property
    def required(self) -> bool:
        return self.default is MISSING and self.default_factory is MISSING

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | Any = MISSING,
    compare: bool = True,
    repr: bool = True,
) -> Any:
    """Options for one field, as `dataclasses.field`."""
    return Field(default, default_factory, compare, repr)


def fields(obj_or_class: Any) -> tuple[Field, ...]:
    """The fields of a record class or instance, in declaration order."""
    found: tuple[Field, ...] = obj_or_class.__record_fields__
    return found


def replace(obj: T, **changes: Any) -> T:
    """A copy of the record `obj` with some fields changed, as `dataclasses.replace`."""
    values = {f.name: getattr(obj, f.name) for f in fields(obj)}
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    values.update(changes)
    return type(obj)(**values)


def _is_class_var(annotation: Any) -> bool:
    if isinstance(annotation, str):  # `from __future__ import annotations`
        return annotation.startswith(("ClassVar", "typing.ClassVar"))
    # An evaluated annotation: typing is imported already if the class used ClassVar.
    class_var = getattr(sys.modules.get("typing"), "ClassVar", object())
    return annotation is class_var or getattr(annotation, "__origin__", None) is class_var


def _collect_fields(cls: type) -> tuple[Field, ...]:
    collected: list[Field] = []
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063 - no inspect import
    for name, annotation in annotations.items():
        if _is_class_var(annotation):
            continue
        declared = cls.__dict__.get(name, MISSING)
        spec = declared if isinstance(declared, Field) else Field(default=declared)
        spec.name = name
        if isinstance(spec.default, (list, dict, set)):
            raise ValueError(f"mutable default for field {name!r}: use default_factory")
        collected.append(spec)
    seen_default = False
    for spec in collected:
        if spec.required and seen_default:
            raise TypeError(f"non-default field {spec.name!r} follows a default field")
        seen_default = seen_default or not spec.required
    return tuple(collected)


# The generated `__init__`, one per class, is compiled on first use (see the module docstring).
def _build_init(cls: type, specs: tuple[Field, ...], frozen: bool) -> Callable[..., None]:
    namespace: dict[str, Any] = {"_MISSING": MISSING, "_set": object.__setattr__}
    params, body = [], []
    for index, spec in enumerate(specs):
        name = spec.name
        if spec.default is not MISSING:
            namespace[f"_default_{index}"] = spec.default
            params.append(f"{name}=_default_{index}")
        elif spec.default_factory is not MISSING:
            namespace[f"_factory_{index}"] = spec.default_factory
            params.append(f"{name}=_MISSING")
            body.append(f"    if {name} is _MISSING: {name} = _factory_{index}()")
        else:
            params.append(name)
        if frozen:
            body.append(f"    _set(self, {name!r}, {name})")
        else:
            body.append(f"    self.{name} = {name}")
    if "__post_init__" in cls.__dict__:
        body.append("    self.__post_init__()")
    source = f"def __init__({', '.join(['self', *params])}):\n" + ("\n".join(body) or "    pass")
    exec(source, namespace)  # the source holds only the field names
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _lazy_init(cls: type, specs: tuple[Field, ...], frozen: bool) -> Callable[..., None]:
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        built = _build_init(cls, specs, frozen)
        cls.__init__ = built  # type: ignore[misc]
        built(self, *args, **kwargs)

    return __init__


def _repr(self: Any) -> str:
    shown = ", ".join(
        f"{spec.name}={getattr(self, spec.name)!r}"
        for spec in self.__record_fields__
        if spec.repr
    )
    return f"{type(self).__qualname__}({shown})"


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _slots_getstate(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, spec.name) for spec in self.__record_fields__)


def _slots_setstate(self: Any, state: tuple[Any, ...]) -> None:
    for spec, value in zip(self.__record_fields__, state, strict=True):
        object.__setattr__(self, spec.name, value)


def _comparison_methods(key: Callable[[Any], Any], order: bool) -> dict[str, Any]:
    """`__eq__`, and with `order` the four orderings: each compares the two records' keys,
    and only records of the same class."""

    def comparing(compare: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        def method(self: Any, other: Any) -> Any:
            if other.__class__ is self.__class__:
                return compare(key(self), key(other))
            return NotImplemented

        return method

    names = ("__eq__", "__lt__", "__le__", "__gt__", "__ge__") if order else ("__eq__",)
    return {name: comparing(getattr(operator, name)) for name in names}


def _compare_key(specs: tuple[Field, ...]) -> Callable[[Any], tuple[Any, ...]]:
    names = [spec.name for spec in specs if spec.compare]
    if not names:
        return lambda _: ()
    if len(names) == 1:
        single = operator.attrgetter(names[0])
        return lambda obj: (single(obj),)
    return operator.attrgetter(*names)


def _process(cls: type, frozen: bool, eq: bool, order: bool, slots: bool) -> type:
    if order and not eq:
        raise ValueError("order=True requires eq=True")
    specs = _collect_fields(cls)
    own = cls.__dict__
    methods: dict[str, Any] = {"__record_fields__": specs}
    if "__repr__" not in own:
        methods["__repr__"] = _repr
    if eq:
        key = _compare_key(specs)
        methods.update(
            (name, method)
            for name, method in _comparison_methods(key, order).items()
            if name not in own
        )
        if "__hash__" not in own:
            # As dataclasses: a frozen record hashes its compared fields; a mutable one that
            # compares by value is unhashable.
            methods["__hash__"] = (lambda self: hash(key(self))) if frozen else None
    if frozen:
        methods["__setattr__"] = _frozen_setattr
        methods["__delattr__"] = _frozen_delattr
    if slots:
        left_out = {spec.name for spec in specs} | {"__dict__", "__weakref__"}
        namespace = {name: value for name, value in own.items() if name not in left_out}
        namespace["__slots__"] = tuple(spec.name for spec in specs)
        namespace.setdefault("__getstate__", _slots_getstate)
        namespace.setdefault("__setstate__", _slots_setstate)
        namespace.update(methods)
        built = type(cls)(cls.__name__, cls.__bases__, namespace)
        built.__qualname__ = cls.__qualname__
    else:
        built = cls
        for name, method in methods.items():
            setattr(built, name, method)
        # Class attributes hold plain defaults, as with dataclasses; a field() marker goes.
        for spec in specs:
            if spec.default is not MISSING:
                setattr(built, spec.name, spec.default)
            elif spec.name in own:
                delattr(built, spec.name)
    if "__init__" not in own:  # as dataclasses: a class's own __init__ is kept
        built.__init__ = _lazy_init(built, specs, frozen)  # type: ignore[misc]
    return built


@dataclass_transform(field_specifiers=(field, Field))
def record(
    cls: type[T] | None = None,
    /,
    *,
    frozen: bool = False,
    eq: bool = True,
    order: bool = False,
    slots: bool = False,
) -> Any:
    """Make `cls` a record (see the module docstring); use bare or with options."""

    def wrap(target: type[T]) -> type[T]:
        return _process(target, frozen, eq, order, slots)  # type: ignore[return-value]

    return wrap if cls is None else wrap(cls)
