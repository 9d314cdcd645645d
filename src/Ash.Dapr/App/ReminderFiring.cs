namespace Ash.Dapr.App;

/// <summary>The body daprd sends when a reminder fires: its schedule and the data it was registered with (raw JSON, or null).</summary>
public sealed record ReminderFiring(string? DueTime, string? Period, byte[]? Data);
