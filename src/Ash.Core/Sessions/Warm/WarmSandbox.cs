using Ash.Core.Sandboxes;

namespace Ash.Core.Sessions.Warm;

/// <summary>A pre-started sandbox waiting for its session: its id is decided in advance (the agent already runs as that session).</summary>
public sealed record WarmSandbox(WarmKey Key, SandboxSpec Spec, ISandboxProcess Process)
{
    public Guid SessionId => Spec.SessionId;
}
