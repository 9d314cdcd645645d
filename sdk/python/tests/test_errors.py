"""Refusals come as AshApiError with the server's code; an unreachable server as AshConnectionError."""

from __future__ import annotations

import pytest

from ash_on_dapr import AshApiError, AshClient, AshConnectionError, Session
from ash_server import AshServer, free_port

UNKNOWN_SESSION = "00000000-0000-4000-8000-000000000000"


def test_an_unknown_session_is_404_session_not_found(client: AshClient) -> None:
    with pytest.raises(AshApiError) as raised:
        client.get_session(UNKNOWN_SESSION)
    assert (raised.value.status_code, raised.value.code) == (404, "session_not_found")


def test_a_message_to_an_unknown_session_raises_on_the_first_read(client: AshClient) -> None:
    stream = client.send_message_stream(UNKNOWN_SESSION, "hello")
    with pytest.raises(AshApiError) as raised:
        next(stream)
    assert raised.value.code == "session_not_found"


def test_a_wrong_key_is_401(server: AshServer) -> None:
    with AshClient(server.url, "not-a-key") as wrong:
        with pytest.raises(AshApiError) as raised:
            wrong.list_agents()
        assert (raised.value.status_code, raised.value.code) == (401, "invalid_api_key")
        assert wrong.health().status == "ok"


def test_a_paused_session_refuses_messages_with_invalid_state(client: AshClient, session: Session) -> None:
    assert client.pause_session(session.id).status == "paused"
    with pytest.raises(AshApiError) as raised:
        list(client.send_message_stream(session.id, "hello"))
    assert (raised.value.status_code, raised.value.code) == (400, "invalid_state")


def test_a_bad_request_names_the_problem(client: AshClient, agent: str) -> None:
    with pytest.raises(AshApiError) as raised:
        client.create_session(agent, budget_usd=-1)
    assert raised.value.status_code == 400 and "budgetUsd" in raised.value.message


def test_an_unreachable_server_is_a_connection_error() -> None:
    with AshClient(f"http://127.0.0.1:{free_port()}", "k") as nowhere:
        with pytest.raises(AshConnectionError):
            nowhere.list_agents()
        with pytest.raises(AshConnectionError):
            next(nowhere.send_message_stream(UNKNOWN_SESSION, "hello"))
