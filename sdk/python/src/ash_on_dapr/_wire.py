"""JSON on the wire to the typed models and back: camelCase names, ISO-8601 times, nested models.

Decoding is forward compatible: a field the model does not know is ignored (the whole object stays
readable through ``WireModel.raw``), an optional field the server leaves out reads as ``None``. A
required field that is missing or of the wrong type is an ``AshProtocolError`` naming it.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import datetime
from typing import Any, TypeVar, Union

from .errors import AshProtocolError

JsonValue = Any
"""Any JSON value, as ``json.loads`` gives it: dict, list, str, int, float, bool or None."""

M = TypeVar("M", bound="WireModel")


class WireModel:
    """Base of the models: frozen dataclasses whose fields are the snake_case names of the JSON's fields."""

    __schema__: typing.ClassVar[str]
    """The name of the schema in docs/openapi.json that this model reads (checked by the SDK's tests)."""

    @property
    def raw(self) -> dict[str, JsonValue]:
        """The JSON object this model was read from, unknown fields included."""
        return typing.cast("dict[str, JsonValue]", self.__dict__.get("_raw", {}))

    @classmethod
    def from_json(cls: type[M], value: JsonValue) -> M:
        """Reads the model from a decoded JSON object."""
        return decode_model(cls, value, cls.__name__)


def camel(name: str) -> str:
    """``system_prompt`` → ``systemPrompt``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def wire_name(field: dataclasses.Field[Any]) -> str:
    """The JSON name of a model field: its ``wire`` metadata, else its camelCase name."""
    return typing.cast(str, field.metadata.get("wire", camel(field.name)))


def body(**fields: JsonValue) -> dict[str, JsonValue]:
    """A request body from keyword arguments: camelCase names, ``None`` left out (the server's default)."""
    return {camel(name): value for name, value in fields.items() if value is not None}


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """The resolved field types of a model class, read once per class."""
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def decode_model(cls: type[M], value: JsonValue, where: str) -> M:
    if not isinstance(value, dict):
        raise AshProtocolError(f"{where}: expected a JSON object, got {type(value).__name__}")
    hints = _hints(cls)
    arguments: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        name = wire_name(field)
        hint = hints[field.name]
        if name in value:
            arguments[field.name] = _decode(hint, value[name], f"{where}.{name}")
        elif _is_optional(hint):
            arguments[field.name] = None
        else:
            raise AshProtocolError(f"{where}: the field '{name}' is missing")
    model = cls(**arguments)
    object.__setattr__(model, "_raw", value)
    return model


def _is_optional(hint: Any) -> bool:
    return hint is Any or (_is_union(hint) and type(None) in typing.get_args(hint))


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (Union, types.UnionType)


def _decode(hint: Any, value: JsonValue, where: str) -> Any:
    if hint is Any:
        return value
    if _is_union(hint):
        if value is None and type(None) in typing.get_args(hint):
            return None
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _decode(inner, value, where)
    origin = typing.get_origin(hint)
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_decode(item, element, f"{where}[{i}]") for i, element in enumerate(_expect(list, value, where))]
    if origin is dict:
        _, item = typing.get_args(hint)
        return {key: _decode(item, element, f"{where}.{key}") for key, element in _expect(dict, value, where).items()}
    if isinstance(hint, type) and issubclass(hint, WireModel):
        return decode_model(hint, value, where)
    if hint is datetime:
        return _datetime(value, where)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint is int and isinstance(value, bool):
        raise AshProtocolError(f"{where}: expected int, got bool")
    return _expect(hint, value, where)


def _expect(kind: type, value: JsonValue, where: str) -> Any:
    if not isinstance(value, kind):
        raise AshProtocolError(f"{where}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def _datetime(value: JsonValue, where: str) -> datetime:
    try:
        return datetime.fromisoformat(_expect(str, value, where))
    except ValueError as error:
        raise AshProtocolError(f"{where}: '{value}' is not an ISO-8601 time") from error
