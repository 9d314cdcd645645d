using Ash.Core.Errors;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;

namespace Ash.Dapr.Sessions;

// The bodies of the calls an api app makes to the session actor (actor type `session`, one id per session),
// and their answers: a value or the same expected error the embedded mode would give.

internal sealed record CreateCall(string TenantId, string AgentName, SessionOptions Options);

internal sealed record ForkSessionCall(string TenantId, Guid ParentSessionId);

internal sealed record ChangeCall(string TenantId, SessionChange Change);

internal sealed record ConfigureCall(string TenantId, SessionConfigChange Change);

internal sealed record EnqueueCall(string TenantId, TurnInput Input);

internal sealed record ExecSessionCall(string TenantId, string Command, long TimeoutMs, int MaxOutputBytes);

internal sealed record TenantCall(string TenantId);

internal sealed record SessionLogsCall(long After, int Limit);

internal sealed record WireError(ErrorKind Kind, string Code, string Message, long? RetryAfterMs)
{
    public static WireError From(AshError error) => new(error.Kind, error.Code, error.Message, error.RetryAfter is { } after ? (long)after.TotalMilliseconds : null);

    public AshError ToError() => new AshError(Kind, Code, Message) { RetryAfter = RetryAfterMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null };
}

/// <summary>An operation's answer: its value, or the expected error it ended in.</summary>
internal sealed record CallAnswer<T>(T? Value, WireError? Error)
{
    public static CallAnswer<T> From(Result<T> result) => result.IsSuccess ? new(result.Value, null) : new(default, WireError.From(result.Error));

    public Result<T> ToResult() => Error is { } error ? error.ToError() : Value!;
}

internal sealed record SessionLogsAnswer(IReadOnlyList<Ash.Core.Sandboxes.Logs.SandboxLogEntry> Lines);
