"""Every route of the API, written once for both clients (see ``_operation``), one module per area."""

from .admin import AdminRoutes
from .agents import AgentRoutes
from .attachments import AttachmentRoutes
from .billing import BillingRoutes
from .credentials import CredentialRoutes
from .keys import KeyRoutes
from .messages import MessageRoutes
from .queue import QueueRoutes
from .sessions import SessionRoutes
from .workspace import WorkspaceRoutes


class Routes(
    AgentRoutes,
    SessionRoutes,
    MessageRoutes,
    WorkspaceRoutes,
    AttachmentRoutes,
    QueueRoutes,
    CredentialRoutes,
    BillingRoutes,
    KeyRoutes,
    AdminRoutes,
):
    """The whole surface, as both clients have it."""


__all__ = ["Routes"]
