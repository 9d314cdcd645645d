using Ash.Core.Sandboxes.Logs;

namespace Ash.Server.Logs;

/// <summary>Ash's log page: <c>{logs:[{index, level, text, ts}], source:"sandbox"}</c>.</summary>
public sealed record SandboxLogsResponse(IReadOnlyList<SandboxLogEntryDto> Logs, string Source);

public sealed record SandboxLogEntryDto(long Index, string Level, string Text, DateTimeOffset Ts)
{
    public static SandboxLogEntryDto From(SandboxLogEntry entry) => new(entry.Index, entry.Level, entry.Text, entry.Timestamp);
}
