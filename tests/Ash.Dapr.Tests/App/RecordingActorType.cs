using System.Collections.Concurrent;
using System.Text;
using Ash.Dapr.App;

namespace Ash.Dapr.Tests.App;

/// <summary>An actor type that records what reaches it: <c>echo</c> answers its body, <c>fail</c> throws, anything else is unknown.</summary>
internal sealed class RecordingActorType(string name) : IDaprActorType
{
    public string Name { get; } = name;

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>What the next reminder returns: true = done (cancel it), false = keep it, null = throw.</summary>
    public bool? ReminderAnswer { get; set; } = true;

    public Task<DaprActorResponse> InvokeAsync(string actorId, string method, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"{actorId}.{method}:{Encoding.UTF8.GetString(body.Span)}");
        return method switch
        {
            "echo" => Task.FromResult(new DaprActorResponse(body.ToArray())),
            "fail" => throw new InvalidOperationException("the actor failed on purpose"),
            _ => throw new DaprActorMethodNotFoundException(Name, method),
        };
    }

    public Task<bool> RemindAsync(string actorId, string reminderName, ReminderFiring firing, CancellationToken cancellationToken)
    {
        var data = firing.Data is null ? "null" : Encoding.UTF8.GetString(firing.Data);
        Calls.Enqueue($"{actorId}.remind/{reminderName}:{firing.DueTime}|{firing.Period}|{data}");
        return ReminderAnswer is { } answer ? Task.FromResult(answer) : throw new InvalidOperationException("reminder handling failed on purpose");
    }

    public Task DeactivateAsync(string actorId, CancellationToken cancellationToken)
    {
        Calls.Enqueue($"{actorId}.deactivate");
        return Task.CompletedTask;
    }
}
