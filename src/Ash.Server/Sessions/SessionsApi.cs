using Ash.Core.Sessions;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.Json;

namespace Ash.Server.Sessions;

public static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this RouteGroupBuilder api)
    {
        var sessions = api.MapGroup("/sessions");
        sessions.MapPost("/", CreateAsync);
        sessions.MapGet("/", ListAsync);
        sessions.MapGet("/{id}", GetAsync);
        sessions.MapDelete("/{id}", EndAsync);
        return api;
    }

    /// <summary>Parses a session id from the route; anything but a UUID is simply not found.</summary>
    internal static bool TryParseId(string id, out Guid sessionId) => Guid.TryParseExact(id, "D", out sessionId);

    internal static IResult SessionNotFound() => ApiErrors.NotFound("Session not found", "session_not_found");

    private static async Task<IResult> CreateAsync(CreateSessionRequest? request, HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiErrors.Validation("Request body is required");
        }

        var options = SessionRequestValidation.Validate(request);
        if (!options.IsSuccess)
        {
            return ApiErrors.From(options.Error);
        }

        var created = await sessions.CreateAsync(Tenant.Of(context), request.Agent!, options.Value, cancellationToken);
        return created.IsSuccess
            ? TypedResults.Json(new SessionResponse(SessionDto.From(created.Value)), ApiJsonContext.Default.SessionResponse, statusCode: StatusCodes.Status201Created)
            : ApiErrors.From(created.Error);
    }

    private static async Task<IResult> ListAsync(string? agent, string? status, int? limit, string? cursor, HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        SessionStatus? statusFilter = null;
        if (status is not null)
        {
            if (!SessionStatusNames.TryParse(status, out var parsed))
            {
                return ApiErrors.Validation($"Unknown status '{status}'");
            }

            statusFilter = parsed;
        }

        if (limit is < 1 or > 1000)
        {
            return ApiErrors.Validation("'limit' must be between 1 and 1000");
        }

        var page = await sessions.ListAsync(Tenant.Of(context), new SessionQuery(agent, statusFilter, limit ?? 100, cursor), cancellationToken);
        return TypedResults.Json(new SessionListResponse(page.Sessions.Select(SessionDto.From).ToList(), page.NextCursor), ApiJsonContext.Default.SessionListResponse);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        if (!TryParseId(id, out var sessionId))
        {
            return SessionNotFound();
        }

        var found = await sessions.GetAsync(Tenant.Of(context), sessionId, cancellationToken);
        return found.IsSuccess
            ? TypedResults.Json(new SessionResponse(SessionDto.From(found.Value)), ApiJsonContext.Default.SessionResponse)
            : ApiErrors.From(found.Error);
    }

    private static async Task<IResult> EndAsync(string id, HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        if (!TryParseId(id, out var sessionId))
        {
            return SessionNotFound();
        }

        var ended = await sessions.EndAsync(Tenant.Of(context), sessionId, cancellationToken);
        return ended.IsSuccess
            ? TypedResults.Json(new SessionResponse(SessionDto.From(ended.Value)), ApiJsonContext.Default.SessionResponse)
            : ApiErrors.From(ended.Error);
    }
}
