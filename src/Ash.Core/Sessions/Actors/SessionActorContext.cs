using Ash.Core.Agents;
using Ash.Core.Events;
using Ash.Core.Messages;
using Ash.Core.Sandboxes;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Actors;

/// <summary>The services every session actor uses.</summary>
public sealed record SessionActorContext(
    ISessionStore Sessions,
    IAgentStore Agents,
    IMessageStore Messages,
    IEventLog EventLog,
    IEventBus EventBus,
    ISandboxHost SandboxHost,
    TimeProvider Time,
    PlatformInfo Platform,
    ILogger Logger);
