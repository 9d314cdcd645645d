using Ash.Core.Sessions.Actors;
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

    private static IResult GetHealth(SessionActors actors, ServerClock clock, TimeProvider time, StorageKind storage) =>
        TypedResults.Json(
            new HealthResponse(
                "ok",
                ServerVersion.Current,
                actors.ActiveCount,
                actors.Slots.InUse,
                (long)(time.GetUtcNow() - clock.StartedAt).TotalSeconds,
                new PoolHealth(actors.Slots.InUse, 0, actors.Slots.InUse, actors.Slots.Capacity),
                new SandboxHealth("bubblewrap", "none", "model-proxy-only", "claude-code"),
                storage.Name),
            ApiJsonContext.Default.HealthResponse);
}
