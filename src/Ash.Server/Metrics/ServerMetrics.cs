using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ash.Core.Metrics;
using Ash.Server.Hosting;

namespace Ash.Server.Metrics;

/// <summary>Ash's <c>ash_up</c> and <c>ash_uptime_seconds</c>: this server process, its version and how long it has run.</summary>
public sealed class ServerMetrics
{
    public const string Up = "up";
    public const string Uptime = "uptime_seconds";

    /// <summary>Tag <c>coordinator</c>: <c>&lt;host&gt;-&lt;pid&gt;</c>, Ash's name for this process (one value per process).</summary>
    public const string CoordinatorTag = "coordinator";

    public const string VersionTag = "version";

    public ServerMetrics(IMeterFactory meterFactory, ServerClock clock, TimeProvider time)
    {
        var meter = meterFactory.Create(AshMeter.Name);
        var identity = new TagList
        {
            { CoordinatorTag, $"{Environment.MachineName}-{Environment.ProcessId}" },
            { VersionTag, ServerVersion.Current },
        };
        meter.CreateObservableGauge(Up, () => new Measurement<int>(1, identity), description: "1 while this server answers, with its coordinator id and version");
        meter.CreateObservableGauge(Uptime, () => (time.GetUtcNow() - clock.StartedAt).TotalSeconds, "s", "Seconds since this server started");
    }
}
