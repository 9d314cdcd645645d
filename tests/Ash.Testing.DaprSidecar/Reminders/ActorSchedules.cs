using Ash.Testing.DaprSidecar.Actors;
using Microsoft.Extensions.Logging;

namespace Ash.Testing.DaprSidecar.Reminders;

/// <summary>
/// Reminders (mesh-wide, like the Scheduler: they outlive hosts) and timers (dropped with the activation).
/// Each registration has its own loop; a fire goes through the actor runtime, so it takes the actor's turn
/// and reaches whichever sidecar hosts the actor at that moment.
/// </summary>
internal sealed partial class ActorSchedules
{
    private readonly ActorRuntime actors;
    private readonly BackgroundWork background;
    private readonly ReminderRetryPolicy retry;
    private readonly TimeProvider time;
    private readonly ILogger<ActorSchedules> logger;
    private readonly Lock gate = new();
    private readonly Dictionary<(CallbackKind Kind, ActorKey Actor, string Name), Registration> registrations = [];

    public ActorSchedules(ActorRuntime actors, BackgroundWork background, ReminderRetryPolicy retry, TimeProvider time, ILogger<ActorSchedules> logger)
    {
        this.actors = actors;
        this.background = background;
        this.retry = retry;
        this.time = time;
        this.logger = logger;
        actors.Deactivated += DeleteTimersOf;
    }

    public TimeProvider Time => time;

    /// <summary>Registers or replaces (the previous schedule stops; a fire in flight finishes).</summary>
    public void Register(ScheduledCallback callback)
    {
        var registration = new Registration(callback);
        lock (gate)
        {
            if (registrations.Remove((callback.Kind, callback.Actor, callback.Name), out var previous))
            {
                previous.Delete();
            }

            registrations[(callback.Kind, callback.Actor, callback.Name)] = registration;
        }

        background.Run(stopping => RunAsync(registration, stopping));
    }

    public ScheduledCallback? Find(CallbackKind kind, ActorKey actor, string name)
    {
        lock (gate)
        {
            return registrations.GetValueOrDefault((kind, actor, name))?.Callback;
        }
    }

    public void Delete(CallbackKind kind, ActorKey actor, string name)
    {
        lock (gate)
        {
            if (registrations.Remove((kind, actor, name), out var registration))
            {
                registration.Delete();
            }
        }
    }

    private void DeleteTimersOf(ActorKey actor)
    {
        lock (gate)
        {
            foreach (var key in registrations.Keys.Where(key => key.Kind == CallbackKind.Timer && key.Actor == actor).ToList())
            {
                registrations.Remove(key, out var registration);
                registration!.Delete();
            }
        }
    }

    private async Task RunAsync(Registration registration, CancellationToken stopping)
    {
        var callback = registration.Callback;
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(stopping, registration.Deleted);
        try
        {
            var next = callback.FirstFire;
            var fired = 0;
            while (true)
            {
                var wait = next - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stopped.Token);
                }

                if (callback.Expiration is { } expiration && time.GetUtcNow() >= expiration)
                {
                    break;
                }

                var cancelledByApp = await FireAsync(callback, stopped.Token, stopping);
                fired++;
                if (cancelledByApp || registration.IsDeleted || callback.Interval is null || fired >= callback.Repetitions)
                {
                    break;
                }

                next = callback.Interval.AddTo(next);
            }
        }
        catch (OperationCanceledException) when (registration.IsDeleted)
        {
            return;
        }

        lock (gate)
        {
            var key = (callback.Kind, callback.Actor, callback.Name);
            if (registrations.TryGetValue(key, out var current) && current == registration)
            {
                registrations.Remove(key);
            }
        }
    }

    /// <summary>One tick: the call plus retries for reminders. True when the app answered <c>X-DaprReminderCancel: true</c>.</summary>
    private async Task<bool> FireAsync(ScheduledCallback callback, CancellationToken waitToken, CancellationToken stopping)
    {
        var attempts = callback.Kind == CallbackKind.Reminder ? 1 + retry.MaxRetries : 1;
        for (var attempt = 1; ; attempt++)
        {
            // A fire in flight is not cut short by a delete (an app often deletes its reminder from inside the callback).
            var result = await actors.InvokeAsync(callback.Actor, callback.MethodPath, ForwardedCall.Json(callback.CallbackBody()), stopping);
            if (result.Reply is { CancelsReminder: true })
            {
                return true;
            }

            if (result.Succeeded)
            {
                return false;
            }

            var reason = result.Error?.Message ?? $"status {result.Reply?.StatusCode}";
            LogFireFailed(callback.Kind.ToString(), callback.Name, callback.Actor.ToString(), attempt, reason);
            if (attempt >= attempts)
            {
                return false;
            }

            await Task.Delay(retry.Interval, time, waitToken);
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "{Kind} {Name} of actor {Actor} failed (attempt {Attempt}): {Reason}")]
    private partial void LogFireFailed(string kind, string name, string actor, int attempt, string reason);

    /// <summary>One registration's loop handle; deleting it stops the loop's waits.</summary>
    private sealed class Registration(ScheduledCallback callback)
    {
        private readonly CancellationTokenSource deleted = new();

        public ScheduledCallback Callback { get; } = callback;

        public CancellationToken Deleted => deleted.Token;

        public bool IsDeleted => deleted.IsCancellationRequested;

        public void Delete() => deleted.Cancel();
    }
}
