using Ash.Core.Sandboxes;

namespace Ash.Core.Sessions.Actors;

/// <summary>The outcome of starting a sandbox: a process, or why there is none. Never faults.</summary>
internal sealed record StartAttempt(ISandboxProcess? Process, string? Error);
