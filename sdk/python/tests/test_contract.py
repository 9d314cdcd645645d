"""The SDK against docs/openapi.json, the contract generated from the server: every operation has a
method on both clients, each method sends what its operation takes to the right method and path and
reads what it answers, and every model has exactly its schema's fields. A route or field added to or
changed in the contract fails here until the SDK follows."""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import types
import typing
from datetime import datetime
from pathlib import Path
from typing import Any, Union

import pytest

import ash_on_dapr
import ash_on_dapr.models as models_module
from ash_on_dapr import AshClient, AsyncAshClient
from ash_on_dapr._call import Call, ReadMember, ReadModel, ReadModels, content, nothing
from ash_on_dapr._follow import StreamPlan
from ash_on_dapr._operation import StreamOperation, _Route
from ash_on_dapr._wire import WireModel, wire_name
from ash_on_dapr.surface import Routes
from ash_server import REPOSITORY

CONTRACT = json.loads((REPOSITORY / "docs/openapi.json").read_text())
SCHEMAS: dict[str, Any] = CONTRACT["components"]["schemas"]
OPERATIONS = {
    op["operationId"]: (method.upper(), path, op)
    for path, item in CONTRACT["paths"].items()
    for method, op in item.items()
    if isinstance(op, dict) and "operationId" in op
}

# Request fields the SDK deliberately does not send, and why.
NOT_SENT = {
    # docs/api.md: sent by Ash's TypeScript SDK, "accepted, not applied" by this server.
    "deployAgent": {"slug", "description", "backend", "systemPrompt", "config"},
    # The SDK resumes with the Last-Event-ID header, which means the same.
    "streamSession": {"after"},
}


def routes() -> dict[str, _Route[Any]]:
    found = {name: inspect.getattr_static(Routes, name) for name in dir(Routes)}
    return {name: route for name, route in found.items() if isinstance(route, _Route)}


def ref(schema: dict[str, Any]) -> str | None:
    target = schema.get("$ref")
    return target.rsplit("/", 1)[-1] if isinstance(target, str) else None


def test_every_operation_has_a_method_on_both_clients_and_nothing_else_does() -> None:
    served = {route.operation_id for route in routes().values()}
    assert served == set(OPERATIONS), f"missing: {set(OPERATIONS) - served}, unknown: {served - set(OPERATIONS)}"
    sync, asynchronous = AshClient("http://ash.test", "k"), AsyncAshClient("http://ash.test", "k")
    for name, route in routes().items():
        blocking, coroutine = getattr(sync, name), getattr(asynchronous, name)
        assert blocking.operation_id == coroutine.operation_id == route.operation_id
        assert not inspect.iscoroutinefunction(blocking)
        assert inspect.iscoroutinefunction(coroutine) != isinstance(route, StreamOperation), name
        assert inspect.signature(blocking).parameters == inspect.signature(coroutine).parameters


def dummy(parameter: inspect.Parameter, folder: Path) -> Any:
    """A value of the parameter's type that can be found again in the request."""
    kind = str(parameter.annotation)
    if parameter.name == "directory":
        return folder
    for prefix, value in (
        ("FileContents", {"a.txt": "x"}),
        ("bytes", b"x"),
        ("str | list", "hi"),
        ("Literal", "low"),
        ("int | str", 3),
        ("str", f"v-{parameter.name}"),
        ("_Time", "2025-01-01T00:00:00Z"),
        ("int", 3),
        ("float", 1.5),
        ("bool", True),
        ("dict", {"k": "v"}),
        ("JsonValue", {"k": "v"}),
        ("list", ["x"]),
    ):
        if kind.startswith(prefix):
            return value
    raise AssertionError(f"no test value for {parameter.name}: {kind}")


def built(route: _Route[Any], folder: Path) -> Call[Any] | StreamPlan:
    parameters = list(inspect.signature(route.build).parameters.values())[1:]
    positional = [dummy(p, folder) for p in parameters if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    keywords = {p.name: dummy(p, folder) for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY}
    result: Call[Any] | StreamPlan = route.build(None, *positional, **keywords)
    return result


def path_pattern(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\{path\}", "[^?]+", template)
    return re.compile(re.sub(r"\{[^}]+\}", "[^/]+", pattern))


def request_fields(op: dict[str, Any]) -> tuple[set[str], set[str]]:
    """The operation's query and header parameters, and its JSON body's properties."""
    parameters = {p["name"] for p in op.get("parameters", []) if p["in"] in ("query", "header")}
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    schema = SCHEMAS.get(ref(body) or "", body)
    return parameters, set(schema.get("properties", {}))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "CLAUDE.md").write_text("# agent\n")
    return tmp_path


def test_each_method_sends_its_operations_method_path_and_fields(folder: Path) -> None:
    sent: dict[str, set[str]] = {}
    for name, route in routes().items():
        method, template, op = OPERATIONS[route.operation_id]
        call = built(route, folder)
        assert call.method == method, name
        assert path_pattern(template).fullmatch(call.path), f"{name}: {call.path} is not {template}"
        parameters, properties = request_fields(op)
        query = set(call.query) if isinstance(call, Call) else set()
        body = set(call.json) if isinstance(call.json, dict) and properties else set()
        assert query <= parameters, f"{name} sends query parameters {query - parameters} that {route.operation_id} does not take"
        assert body <= properties, f"{name} sends fields {body - properties} that {route.operation_id} does not take"
        assert set(route.sends) <= parameters | properties, name
        assert set(route.local) <= set(inspect.signature(route.build).parameters), name
        sent.setdefault(route.operation_id, set()).update(query | body | set(route.sends))
    for operation_id, (_, _, op) in OPERATIONS.items():
        parameters, properties = request_fields(op)
        missing = (parameters | properties) - sent[operation_id] - NOT_SENT.get(operation_id, set())
        assert not missing, f"{operation_id} takes {missing}, which no method sends"


def success(op: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    (status,) = [s for s in op["responses"] if s.startswith("2")]
    return status, op["responses"][status].get("content", {})


def test_each_method_reads_its_operations_answer(folder: Path) -> None:
    for name, route in routes().items():
        status, answer = success(OPERATIONS[route.operation_id][2])
        if isinstance(route, StreamOperation):
            assert "text/event-stream" in answer, name
            continue
        call = built(route, folder)
        assert isinstance(call, Call)
        read = call.read
        if read is nothing:
            assert status == "204" or ref(answer["application/json"]["schema"]) == "DeletedResponse", name
            continue
        if read is content:
            assert any(media.get("schema", {}).get("format") == "binary" for media in answer.values()), name
            continue
        schema = SCHEMAS[ref(answer["application/json"]["schema"]) or ""]
        if isinstance(read, ReadModel):
            target = ref(schema["properties"][read.key]) if read.key else ref(answer["application/json"]["schema"])
            assert target == read.cls.__schema__, f"{name} reads {read.cls.__name__} where the answer has {target}"
        elif isinstance(read, ReadModels):
            items = schema["properties"][read.key]
            assert items["type"] == "array" and ref(items["items"]) == read.cls.__schema__, name
        elif isinstance(read, ReadMember):
            assert read.key in schema["properties"], name
        else:
            raise AssertionError(f"{name} reads its answer in a way this test does not know")


def model_classes() -> list[type[WireModel]]:
    classes = [getattr(models_module, name) for name in models_module.__all__]
    return [cls for cls in classes if isinstance(cls, type) and issubclass(cls, WireModel)]


def nullable(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return schema == {} or (isinstance(kind, list) and "null" in kind) or any(o.get("type") == "null" for o in schema.get("oneOf", []))


def is_optional(hint: Any) -> bool:
    return hint is Any or (typing.get_origin(hint) in (Union, types.UnionType) and type(None) in typing.get_args(hint))


def fits(hint: Any, schema: dict[str, Any]) -> bool:
    """Whether a field's type reads what the schema describes."""
    if hint is Any:
        return True
    if is_optional(hint):
        (hint,) = [a for a in typing.get_args(hint) if a is not type(None)]
    options = [o for o in schema.get("oneOf", []) if o.get("type") != "null"]
    if options:
        schema = options[0]
    if (target := ref(schema)) is not None:
        return isinstance(hint, type) and issubclass(hint, WireModel) and hint.__schema__ == target
    kinds = schema.get("type")
    kind = next(k for k in kinds if k != "null") if isinstance(kinds, list) else kinds
    origin = typing.get_origin(hint)
    if kind == "array":
        return origin is list and fits(typing.get_args(hint)[0], schema.get("items", {}))
    if kind == "object":
        return origin is dict and fits(typing.get_args(hint)[1], schema.get("additionalProperties", {}))
    expected = {"integer": int, "number": float, "boolean": bool}.get(kind or "")
    if kind == "string":
        expected = datetime if schema.get("format") == "date-time" else str
    return hint is expected


@pytest.mark.parametrize("cls", model_classes(), ids=lambda cls: cls.__name__)
def test_each_model_has_exactly_its_schemas_fields(cls: type[WireModel]) -> None:
    schema = SCHEMAS[cls.__schema__]
    fields = {wire_name(f): f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    assert set(fields) == set(schema["properties"]), f"{cls.__name__} has {set(fields)}, {cls.__schema__} has {set(schema['properties'])}"
    hints = typing.get_type_hints(cls)
    required = set(schema.get("required", []))
    for name, field in fields.items():
        hint, wire = hints[field.name], schema["properties"][name]
        assert fits(hint, wire), f"{cls.__name__}.{field.name}: {hint} does not read {wire}"
        assert is_optional(hint) == nullable(wire) or (name not in required and is_optional(hint)), f"{cls.__name__}.{field.name}"
        if name not in required:
            assert field.default is None, f"{cls.__name__}.{field.name} may be left out by the server: it needs a default"


def test_every_answer_schema_the_sdk_reads_has_a_model() -> None:
    read = {cls.__schema__ for cls in model_classes()}
    exported = set(ash_on_dapr.__all__)
    assert all(cls.__name__ in exported for cls in model_classes())
    dtos = {name for name in SCHEMAS if name.endswith("Dto")}
    assert dtos <= read, f"schemas without a model: {dtos - read}"
