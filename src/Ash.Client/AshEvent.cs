using System.Text.Json;

namespace Ash.Client;

/// <summary>One server-sent event of a session's stream.</summary>
/// <param name="Id">The frame's <c>id:</c> (the event's sequence in the session), or <see langword="null"/> when the frame had none.</param>
/// <param name="Type">The frame's <c>event:</c>, one of <see cref="AshEventTypes"/> or a server extension.</param>
/// <param name="Data">The frame's <c>data:</c> parsed as JSON; data that is not JSON arrives as a JSON string.</param>
public sealed record AshEvent(long? Id, string Type, JsonElement Data);
