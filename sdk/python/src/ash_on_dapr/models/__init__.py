"""The typed models of the API's answers, one module per area; each names the openapi.json schema it reads."""

from .agents import Agent, AgentFileContent, AgentFileDeleted, AgentFilesWritten, AgentVersion
from .attachments import Attachment
from .budgets import Budget
from .credentials import Credential
from .health import Health, LimitsHealth, MaxCapacitySizing, ModelHealth, ModelRequestHealth, PoolHealth, SandboxHealth
from .history import Message, StreamLogEvent, TimelineEvent
from .keys import ApiKey, CreatedApiKey, CreatedTenant, DisabledTenant, Tenant
from .queue import QueueItem, QueuePage, QueueStats
from .sessions import SESSION_STATUSES, Session, SessionConfig, SessionPage
from .usage import AgentsAnalytics, Analytics, EvalsAnalytics, SessionsAnalytics, UsagePage, UsageRecord, UsageStats
from .workspace import (
    ExecResult,
    FileContent,
    FileDeleted,
    FileEntry,
    FileList,
    FileWriteResult,
    SandboxLogEntry,
    SandboxLogs,
    WorkspaceUpload,
)

__all__ = [
    "SESSION_STATUSES",
    "Agent",
    "AgentFileContent",
    "AgentFileDeleted",
    "AgentFilesWritten",
    "AgentVersion",
    "AgentsAnalytics",
    "Analytics",
    "ApiKey",
    "Attachment",
    "Budget",
    "CreatedApiKey",
    "CreatedTenant",
    "Credential",
    "DisabledTenant",
    "EvalsAnalytics",
    "ExecResult",
    "FileContent",
    "FileDeleted",
    "FileEntry",
    "FileList",
    "FileWriteResult",
    "Health",
    "LimitsHealth",
    "MaxCapacitySizing",
    "Message",
    "ModelHealth",
    "ModelRequestHealth",
    "PoolHealth",
    "QueueItem",
    "QueuePage",
    "QueueStats",
    "SandboxHealth",
    "SandboxLogEntry",
    "SandboxLogs",
    "Session",
    "SessionConfig",
    "SessionPage",
    "SessionsAnalytics",
    "StreamLogEvent",
    "Tenant",
    "TimelineEvent",
    "UsagePage",
    "UsageRecord",
    "UsageStats",
    "WorkspaceUpload",
]
