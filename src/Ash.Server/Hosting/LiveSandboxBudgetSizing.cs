using Ash.Core.Sessions;
using Ash.Core.Sessions.Capacity;
using Ash.Sandbox;
using Ash.Sandbox.Limits;

namespace Ash.Server.Hosting;

/// <summary>
/// Decides the live-sandbox budget at start-up (<see cref="LiveSandboxBudget"/>): configured, sized from this machine
/// when it runs the sandboxes, and logged once the server's logging is up.
/// </summary>
internal static partial class LiveSandboxBudgetSizing
{
    public static LiveSandboxBudget Choose(SessionRuntimeOptions sessions, SandboxOptions sandbox, bool hostsSandboxes)
    {
        // A bad estimate is reported with the other settings; the sizing meanwhile uses the default.
        var perSandbox = sessions.SandboxMemoryMb is >= 1 and <= SessionRuntimeOptions.MaxSandboxMemoryMb
            ? sessions.SandboxMemoryMb
            : new SessionRuntimeOptions().SandboxMemoryMb;
        if (!hostsSandboxes)
        {
            return LiveSandboxBudget.Remote(sessions.MaxLiveSandboxes, perSandbox);
        }

        var budget = LiveSandboxBudget.Size(sessions.MaxLiveSandboxes, perSandbox, HostRoomProbe.Read(sandbox));

        // Every live sandbox holds its session's volume mounted.
        sandbox.Volumes.MaxMounted ??= budget.Value;
        return budget;
    }

    public static void Log(ILogger logger, LiveSandboxBudget budget)
    {
        if (budget.LimitedBy == "config")
        {
            Configured(logger, budget.Value);
        }
        else if (budget.LimitedBy == "default")
        {
            Default(logger, budget.Value);
        }
        else
        {
            Sized(logger, budget.Value, budget.MemoryMb, budget.SandboxMemoryMb, budget.LimitedBy);
        }
    }

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Live-sandbox budget: {Budget} (Ash:Sessions:MaxLiveSandboxes)")]
    private static partial void Configured(ILogger logger, int budget);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Information, Message = "Live-sandbox budget: {Budget} (no sandbox runs in this process; set Ash:Sessions:MaxLiveSandboxes to change it)")]
    private static partial void Default(ILogger logger, int budget);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Information, Message = "Live-sandbox budget: {Budget}, sized from this machine ({MemoryMb} MiB available, {SandboxMemoryMb} MiB per sandbox, limited by {LimitedBy}); set Ash:Sessions:MaxLiveSandboxes to fix it")]
    private static partial void Sized(ILogger logger, int budget, long? memoryMb, long sandboxMemoryMb, string limitedBy);
}
