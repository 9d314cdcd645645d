namespace Ash.Testing.DaprSidecar.Reminders;

internal enum CallbackKind
{
    /// <summary>Durable, mesh-wide (the Scheduler's), retried; fires at <c>method/remind/{name}</c>.</summary>
    Reminder,

    /// <summary>Lives with the actor's activation, not retried; fires at <c>method/timer/{name}</c>.</summary>
    Timer,
}
