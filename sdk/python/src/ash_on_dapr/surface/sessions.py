"""Sessions: create, list, read, change their config, and move them through their lifecycle."""

from __future__ import annotations

from .._call import Call, model, query, route
from .._operation import operation
from .._wire import JsonValue, body
from ..models import Session, SessionPage

_SESSION = "/api/sessions/{}"


class SessionRoutes:
    @operation("createSession")
    def create_session(
        self,
        agent: str,
        *,
        model: str | None = None,
        system_prompt: str | None = None,
        mcp_servers: JsonValue = None,
        permission_mode: str | None = None,
        allowed_tools: list[str] | None = None,
        disallowed_tools: list[str] | None = None,
        betas: list[str] | None = None,
        subagents: JsonValue = None,
        initial_agent: str | None = None,
        extra_env: dict[str, str] | None = None,
        credential_id: str | None = None,
        budget_usd: float | None = None,
    ) -> Call[Session]:
        """Starts a session of ``agent``; it runs the agent's active version from now on."""
        fields = body(
            agent=agent,
            model=model,
            system_prompt=system_prompt,
            mcp_servers=mcp_servers,
            permission_mode=permission_mode,
            allowed_tools=allowed_tools,
            disallowed_tools=disallowed_tools,
            betas=betas,
            subagents=subagents,
            initial_agent=initial_agent,
            extra_env=extra_env,
            credential_id=credential_id,
            budget_usd=budget_usd,
        )
        return Call("POST", "/api/sessions", _session, json=fields)

    @operation("listSessions")
    def list_sessions(
        self, *, agent: str | None = None, status: str | None = None, limit: int | None = None, cursor: str | None = None
    ) -> Call[SessionPage]:
        """A page of the tenant's sessions, optionally of one agent or in one status."""
        return Call("GET", "/api/sessions", model(SessionPage), query=query(agent=agent, status=status, limit=limit, cursor=cursor))

    @operation("getSession")
    def get_session(self, session_id: str) -> Call[Session]:
        """One session (404 ``session_not_found``)."""
        return Call("GET", route(_SESSION, session_id), _session)

    @operation("endSession")
    def end_session(self, session_id: str) -> Call[Session]:
        """Ends the session for good (idempotent)."""
        return Call("DELETE", route(_SESSION, session_id), _session)

    @operation("pauseSession")
    def pause_session(self, session_id: str) -> Call[Session]:
        """Pauses an active session; it refuses messages until resumed."""
        return Call("POST", route(_SESSION + "/pause", session_id), _session)

    @operation("resumeSession")
    def resume_session(self, session_id: str) -> Call[Session]:
        """Makes a paused or stopped session active again (410 when it has ended)."""
        return Call("POST", route(_SESSION + "/resume", session_id), _session)

    @operation("stopSession")
    def stop_session(self, session_id: str) -> Call[Session]:
        """Stops the session's process; its files and conversation are kept (the next message wakes it)."""
        return Call("POST", route(_SESSION + "/stop", session_id), _session)

    @operation("forkSession")
    def fork_session(self, session_id: str) -> Call[Session]:
        """A new session with a copy of this one's workspace and conversation."""
        return Call("POST", route(_SESSION + "/fork", session_id), _session)

    @operation("updateSessionConfig")
    def update_session_config(
        self,
        session_id: str,
        *,
        model: str | None = None,
        allowed_tools: list[str] | None = None,
        disallowed_tools: list[str] | None = None,
        betas: list[str] | None = None,
        subagents: JsonValue = None,
        initial_agent: str | None = None,
    ) -> Call[Session]:
        """Replaces the given options (the rest stay); they apply from the next turn."""
        fields = body(
            model=model,
            allowed_tools=allowed_tools,
            disallowed_tools=disallowed_tools,
            betas=betas,
            subagents=subagents,
            initial_agent=initial_agent,
        )
        return Call("PATCH", route(_SESSION + "/config", session_id), _session, json=fields)


_session = model(Session, "session")
