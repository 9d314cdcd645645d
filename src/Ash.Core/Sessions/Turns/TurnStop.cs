using System.Globalization;
using Ash.Core.Sessions.Actors;

namespace Ash.Core.Sessions.Turns;

/// <summary>
/// Why the platform ended a turn at one of its limits: the <c>error</c> event's message and stable code, and
/// for output limits the <c>truncated</c> event that marks where the turn's output stops being kept.
/// In every case the session stays usable and keeps its conversation.
/// </summary>
public sealed record TurnStop(string Code, string Message, byte[]? TruncatedData)
{
    public const string TimeoutCode = "turn_timeout";
    public const string OutputLimitCode = "output_limit";
    public const string LineTooLongCode = "line_too_long";
    public const string EventLogFullCode = "event_log_full";
    public const string MaxTurnsCode = "max_turns";

    public static TurnStop WallClock(TimeSpan limit) =>
        new(TimeoutCode, $"The turn ran for its whole time limit ({Seconds(limit)} s) and was stopped; the session keeps its conversation", null);

    public static TurnStop Silence(TimeSpan limit) =>
        new(TimeoutCode, $"The agent wrote nothing for {Seconds(limit)} s and the turn was stopped; the session keeps its conversation", null);

    public static TurnStop OutputBytes(long limit) =>
        Truncated(OutputLimitCode, "output_bytes", limit, $"The turn wrote more than its output limit ({Size(limit)}); the rest was not kept and the turn was stopped");

    public static TurnStop OutputEvents(int limit) =>
        Truncated(OutputLimitCode, "output_events", limit, string.Create(CultureInfo.InvariantCulture, $"The turn produced more than its limit of {limit} events; the rest was not kept and the turn was stopped"));

    /// <summary>The line cap is the sandbox host's (<c>Ash:Sandbox:MaxLineBytes</c>), so the event names no number.</summary>
    public static TurnStop LineTooLong() =>
        Truncated(LineTooLongCode, "line_length", null, "The agent wrote a line longer than the platform's limit; it was dropped and the turn was stopped");

    /// <summary>The message's <c>maxTurns</c>: the agent started one more model response than it allows.</summary>
    public static TurnStop MaxTurns(int limit) =>
        new(MaxTurnsCode, string.Create(CultureInfo.InvariantCulture, $"The turn reached its maximum of {limit} agent turns (maxTurns) and was stopped; the session keeps its conversation"), null);

    public static TurnStop EventLogFull(long limit) =>
        Truncated(EventLogFullCode, "event_log", limit, $"The session's event log reached its quota ({Size(limit)}); the rest was not kept. Fork the session to go on with its conversation");

    private static TurnStop Truncated(string code, string reason, long? limit, string message) =>
        new(code, message, EventData.Truncated(reason, limit, message));

    private static string Seconds(TimeSpan limit) => limit.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Size(long bytes) => bytes >= Sandboxes.ResourceLimits.MiB && bytes % Sandboxes.ResourceLimits.MiB == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / Sandboxes.ResourceLimits.MiB} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}
