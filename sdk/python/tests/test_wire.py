"""Answers read into models: forward compatible, and loud about what is really wrong."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ash_on_dapr import AshProtocolError, FileWriteResult, Session
from ash_on_dapr._call import Reply, raise_for_status, route
from ash_on_dapr.errors import AshApiError

SESSION = {
    "id": "0d7c5b1e-3f55-4a1c-9a57-1d1e4f0c2a11",
    "tenantId": "default",
    "agentName": "a",
    "sandboxId": "x",
    "status": "active",
    "runnerId": None,
    "parentSessionId": None,
    "createdAt": "2025-01-02T03:04:05.1234567+00:00",
    "lastActiveAt": "2025-01-02T03:04:05Z",
    "model": None,
    "config": {"allowedTools": ["Bash"], "disallowedTools": None, "betas": None, "subagents": None, "initialAgent": None},
}


def test_fields_are_read_by_their_camel_case_names_with_times_and_nested_models() -> None:
    session = Session.from_json(SESSION)
    assert session.agent_name == "a" and session.config is not None and session.config.allowed_tools == ["Bash"]
    assert session.created_at == datetime(2025, 1, 2, 3, 4, 5, 123456, tzinfo=timezone.utc)


def test_unknown_fields_are_ignored_but_kept_in_raw() -> None:
    session = Session.from_json({**SESSION, "addedLater": 1})
    assert session.raw["addedLater"] == 1


def test_optional_fields_left_out_read_as_none() -> None:
    assert FileWriteResult.from_json({"path": "a", "written": True}) == FileWriteResult("a", True, None, None)


def test_a_missing_required_field_or_a_wrong_type_names_the_field() -> None:
    with pytest.raises(AshProtocolError, match="'agentName' is missing"):
        Session.from_json({k: v for k, v in SESSION.items() if k != "agentName"})
    with pytest.raises(AshProtocolError, match=r"Session\.config\.allowedTools: expected list"):
        Session.from_json({**SESSION, "config": {**SESSION["config"], "allowedTools": "Bash"}})  # type: ignore[dict-item]


def test_errors_carry_status_code_message_and_retry_after() -> None:
    with pytest.raises(AshApiError) as raised:
        raise_for_status(Reply(429, {"retry-after": "3"}, b'{"error":"Too many","statusCode":429,"code":"rate_limited"}'))
    assert (raised.value.status_code, raised.value.code, raised.value.message, raised.value.retry_after) == (429, "rate_limited", "Too many", 3.0)


def test_an_error_that_is_not_the_servers_shape_keeps_its_text() -> None:
    with pytest.raises(AshApiError) as raised:
        raise_for_status(Reply(502, {}, b"<html>Bad Gateway</html>"))
    assert raised.value.code is None and raised.value.message == "<html>Bad Gateway</html>"


def test_path_segments_are_escaped_but_file_paths_keep_their_slashes() -> None:
    assert route("/api/agents/{}/files/{path}", "a b", "dir/x y.txt") == "/api/agents/a%20b/files/dir/x%20y.txt"
    assert route("/api/sessions/{}", "../admin") == "/api/sessions/..%2Fadmin"
    with pytest.raises(ValueError):
        route("/api/sessions/{}", "")
