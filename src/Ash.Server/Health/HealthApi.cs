using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Core.Sessions.Capacity;
using Ash.Core.Sessions.Warm;
using Ash.Dapr.Sandboxes;
using Ash.Sandbox.Limits;
using Ash.Sandbox.ModelProxy;
using Ash.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ash.Server.Health;

public static class HealthApi
{
    private static readonly SessionStatus[] ResumableStatuses = [SessionStatus.Starting, SessionStatus.Active, SessionStatus.Paused, SessionStatus.Stopped, SessionStatus.Error];

    public static WebApplication MapHealthApi(this WebApplication app)
    {
        app.MapGet("/health", GetHealth).WithTags("Health").WithName("health").WithSummary("The server's health, pool and sandbox enforcement (public)");
        return app;
    }

    private static async Task<Ok<HealthResponse>> GetHealth(IServiceProvider services, SessionActors actors, ISessionStore store, ServerClock clock, TimeProvider time, StorageKind storage, LimitEnforcement limits, WarmPool warm, LiveSandboxBudget budget, Microsoft.Extensions.Options.IOptions<Ash.Sandbox.SandboxOptions> sandbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(
            new HealthResponse(
                "ok",
                ServerVersion.Current,
                actors.ActiveCount,
                actors.Slots.InUse,
                (long)(time.GetUtcNow() - clock.StartedAt).TotalSeconds,
                await PoolAsync(actors, store, warm, budget, cancellationToken),
                new SandboxHealth("bubblewrap", limits.Cgroup, "model-proxy; per-agent egress allowlist", "claude-code", Limits(limits), Seccomp: true, sandbox.Value.AllowFullNetwork),
                storage.Name,
                Model(services.GetService<ModelUpstream>()),
                services.GetService<NodeDirectory>() is { } nodes ? await nodes.LiveNodesAsync(cancellationToken) : null));

    /// <summary>Ash's pool figures, counted from this server's live-sandbox slots, its warm pool and the session table (docs/api.md).</summary>
    private static async Task<PoolHealth> PoolAsync(SessionActors actors, ISessionStore store, WarmPool warm, LiveSandboxBudget budget, CancellationToken cancellationToken)
    {
        var census = actors.Slots.Census();
        var warmReady = warm.Count;
        var warmStarting = warm.Starting;

        // Cold: sessions that can go on (not ended) whose agent process is not running here; their files and conversation are kept.
        var resumable = await store.CountByStatusAsync(ResumableStatuses, cancellationToken);
        var cold = Math.Max(0, resumable - census.Total);
        var warming = census.Starting + warmStarting;
        return new PoolHealth(
            Total: cold + warming + warmReady + census.Waiting + census.Running,
            Cold: cold,
            Warming: warming,
            Warm: warmReady,
            Waiting: census.Waiting,
            Running: census.Running,
            MaxCapacity: actors.Slots.Capacity,
            ResumeWarmHits: actors.Resumes.Warm,
            ResumeColdHits: actors.Resumes.Cold,
            PreWarmHits: warm.Hits,
            MaxCapacitySizing: new MaxCapacitySizing(budget.LimitedBy, budget.MemoryMb, budget.SandboxMemoryMb));
    }

    private static ModelHealth Model(ModelUpstream? upstream) =>
        new(
            upstream?.HasCredential ?? false,
            upstream?.Watch.Last is { } last ? new ModelRequestHealth(last.At, last.Answered, last.Status, last.Ok) : null);

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
