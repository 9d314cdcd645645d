"""Python client for Ash on Dapr: deploy agents, run sessions, stream their turns.

    from ash_on_dapr import AshClient

    with AshClient("http://localhost:4100", api_key) as ash:
        ash.upload_agent("helper", "./helper")
        session = ash.create_session("helper")
        for event in ash.send_message_stream(session.id, "Hello"):
            print(event.type, event.data)

``AsyncAshClient`` has the same methods as coroutines (streams as async iterators).
"""

from .async_client import AsyncAshClient
from .client import AshClient
from .errors import AshApiError, AshConnectionError, AshError, AshProtocolError
from .events import (
    DoneEvent,
    ErrorEvent,
    LifecycleEvent,
    MessageEvent,
    ResourceLimitEvent,
    SessionStartEvent,
    StatusEvent,
    StreamEvent,
    TextDeltaEvent,
    ThinkingDeltaEvent,
    ToolResultEvent,
    ToolUseEvent,
    TruncatedEvent,
    TurnCompleteEvent,
    UsageEvent,
)
from .agent_folder import read_agent_folder
from .models import *  # noqa: F403 (the models' own __all__)
from .models import __all__ as _models
from .streams import AsyncEventStream, EventStream

__version__ = "0.1.0"

__all__ = [
    "AshApiError",
    "AshClient",
    "AshConnectionError",
    "AshError",
    "AshProtocolError",
    "AsyncAshClient",
    "AsyncEventStream",
    "DoneEvent",
    "ErrorEvent",
    "EventStream",
    "LifecycleEvent",
    "MessageEvent",
    "ResourceLimitEvent",
    "SessionStartEvent",
    "StatusEvent",
    "StreamEvent",
    "TextDeltaEvent",
    "ThinkingDeltaEvent",
    "ToolResultEvent",
    "ToolUseEvent",
    "TruncatedEvent",
    "TurnCompleteEvent",
    "UsageEvent",
    "read_agent_folder",
    *_models,
]
