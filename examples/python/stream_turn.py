"""Deploys the hello-agent example, streams one turn and prints its text and tool calls as they come.

    PYTHONPATH=sdk/python/src ASH_SERVER_URL=http://localhost:4100 ASH_API_KEY=... \
        python3 examples/python/stream_turn.py "Run ls in your workspace and tell me what is there"
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ash_on_dapr import (
    AshClient,
    AshError,
    ErrorEvent,
    TextDeltaEvent,
    ToolResultEvent,
    ToolUseEvent,
    TurnCompleteEvent,
)

AGENT_FOLDER = Path(__file__).resolve().parent.parent / "hello-agent"
DEFAULT_MESSAGE = "Run ls in your workspace and tell me what is there."


def main(message: str) -> int:
    with AshClient() as ash:  # ASH_SERVER_URL and ASH_API_KEY
        agent = ash.upload_agent("hello-agent", AGENT_FOLDER)
        print(f"deployed {agent.name} v{agent.version}", file=sys.stderr)
        session = ash.create_session(agent.name)
        try:
            for event in ash.send_message_stream(session.id, message):
                if isinstance(event, TextDeltaEvent):
                    print(event.delta, end="", flush=True)
                elif isinstance(event, ToolUseEvent):
                    print(f"\n[tool call] {event.name} {json.dumps(event.input)}", flush=True)
                elif isinstance(event, ToolResultEvent):
                    print(f"[tool result{' (error)' if event.is_error else ''}] {event.content.strip()[:200]}", flush=True)
                elif isinstance(event, ErrorEvent):
                    print(f"\n[error] {event.error}", file=sys.stderr)
                elif isinstance(event, TurnCompleteEvent):
                    print(f"\n[done in {event.num_turns} model turns]")
        finally:
            ash.end_session(session.id)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(" ".join(sys.argv[1:]) or DEFAULT_MESSAGE))
    except AshError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
