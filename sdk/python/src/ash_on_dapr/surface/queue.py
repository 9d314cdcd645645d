"""The queue: prompts that run later as turns, with retries."""

from __future__ import annotations

from .._call import Call, model, query, route
from .._operation import operation
from .._wire import body
from ..models import QueueItem, QueuePage, QueueStats

_ITEM = "/api/queue/{}"


class QueueRoutes:
    @operation("enqueue")
    def enqueue(
        self, agent_name: str, prompt: str, *, session_id: str | None = None, priority: int | None = None, max_retries: int | None = None
    ) -> Call[QueueItem]:
        """Queues a prompt for ``agent_name`` (in ``session_id``, else a new session)."""
        fields = body(agent_name=agent_name, prompt=prompt, session_id=session_id, priority=priority, max_retries=max_retries)
        return Call("POST", "/api/queue", _item, json=fields)

    @operation("listQueueItems")
    def list_queue_items(self, *, status: str | None = None, limit: int | None = None, cursor: str | None = None) -> Call[QueuePage]:
        """A page of jobs, newest first."""
        return Call("GET", "/api/queue", model(QueuePage), query=query(status=status, limit=limit, cursor=cursor))

    @operation("getQueueStats")
    def get_queue_stats(self) -> Call[QueueStats]:
        """How many jobs are in each state."""
        return Call("GET", "/api/queue/stats", model(QueueStats, "stats"))

    @operation("getQueueItem")
    def get_queue_item(self, item_id: str) -> Call[QueueItem]:
        """One job."""
        return Call("GET", route(_ITEM, item_id), _item)

    @operation("cancelQueueItem")
    def cancel_queue_item(self, item_id: str) -> Call[QueueItem]:
        """Cancels a pending job (a running one: interrupt its session's turn)."""
        return Call("DELETE", route(_ITEM, item_id), _item)


_item = model(QueueItem, "item")
