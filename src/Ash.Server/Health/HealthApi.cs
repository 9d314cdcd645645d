using Ash.Core.Sessions.Actors;
using Ash.Core.Sessions.Warm;
using Ash.Dapr.Sandboxes;
using Ash.Sandbox.Limits;
using Ash.Server.Hosting;
using Ash.Server.Json;

namespace Ash.Server.Health;

public static class HealthApi
{
    public static WebApplication MapHealthApi(this WebApplication app)
    {
        app.MapGet("/health", GetHealth);
        return app;
    }

    private static async Task<IResult> GetHealth(IServiceProvider services, SessionActors actors, ServerClock clock, TimeProvider time, StorageKind storage, LimitEnforcement limits, WarmPool warm, Microsoft.Extensions.Options.IOptions<Ash.Sandbox.SandboxOptions> sandbox, CancellationToken cancellationToken) =>
        TypedResults.Json(
            new HealthResponse(
                "ok",
                ServerVersion.Current,
                actors.ActiveCount,
                actors.Slots.InUse,
                (long)(time.GetUtcNow() - clock.StartedAt).TotalSeconds,
                new PoolHealth(actors.Slots.InUse + warm.Count, warm.Count, actors.Slots.InUse, actors.Slots.Capacity, warm.Hits),
                new SandboxHealth("bubblewrap", limits.Cgroup, "model-proxy; per-agent egress allowlist", "claude-code", Limits(limits), Seccomp: true, sandbox.Value.AllowFullNetwork),
                storage.Name,
                services.GetService<NodeDirectory>() is { } nodes ? await nodes.LiveNodesAsync(cancellationToken) : null),
            ApiJsonContext.Default.HealthResponse);

    private static LimitsHealth Limits(LimitEnforcement limits) => new(
        limits.Cgroups is not null,
        limits.Defaults.MemoryMb,
        limits.Cgroups?.LimitsSwap ?? false,
        limits.Defaults.MaxProcesses,
        limits.Defaults.Cpus,
        limits.Defaults.DiskMb,
        limits.Defaults.MaxFiles,
        limits.Volumes.Active ? "ext4-volume" : "file-size-limit",
        limits.Volumes.Active);
}
