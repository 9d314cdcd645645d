using Ash.Core.Sandboxes.Logs;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ash.Server.Logs;

/// <summary>
/// A session's sandbox log (ash-reference.md §1.5): the agent's stderr lines and what the platform did
/// to its sandbox. Unlike Ash's in-memory ring it outlives the sandbox, until the session's files go.
/// </summary>
public static class LogsApi
{
    private const string Source = "sandbox";

    public static RouteGroupBuilder MapLogsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/sessions/{id}/logs", ReadAsync).WithTags("Logs").WithName("getSessionLogs").WithSummary("Read a session's sandbox log").ProducesErrors(400);
        return api;
    }

    /// <summary><c>?after</c> is the last index already read (-1, the default, for every line); <c>?limit</c> 1-10,000.</summary>
    private static async Task<Results<Ok<SandboxLogsResponse>, ErrorResult>> ReadAsync(string id, long? after, int? limit, HttpContext context, SessionLogs logs, CancellationToken cancellationToken)
    {
        if (!SessionsApi.TryParseId(id, out var sessionId))
        {
            return SessionsApi.SessionNotFound();
        }

        var read = await logs.ReadAsync(Tenant.Of(context), sessionId, after ?? -1, limit ?? SessionLogs.DefaultLimit, cancellationToken);
        return read.IsSuccess
            ? TypedResults.Ok(new SandboxLogsResponse(read.Value.Select(SandboxLogEntryDto.From).ToList(), Source))
            : ApiErrors.From(read.Error);
    }
}
