namespace Ash.Dapr.Client;

/// <summary>
/// A reminder registration: first due after <see cref="DueTime"/>, then every <see cref="Period"/>
/// (once when null); <see cref="Data"/> is raw JSON echoed back when it fires.
/// </summary>
public sealed record ActorReminder(TimeSpan DueTime, TimeSpan? Period = null, byte[]? Data = null);
