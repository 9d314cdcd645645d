using Ash.Core.Budgets;
using Ash.Core.Credentials;
using Ash.Core.Errors;
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
        sessions.MapPost("/{id}/pause", PauseAsync);
        sessions.MapPost("/{id}/resume", ResumeAsync);
        sessions.MapPost("/{id}/stop", StopAsync);
        sessions.MapPost("/{id}/fork", ForkAsync);
        sessions.MapPatch("/{id}/config", ConfigureAsync);
        return api;
    }

    /// <summary>Parses a session id from the route; anything but a UUID is simply not found.</summary>
    internal static bool TryParseId(string id, out Guid sessionId) => Guid.TryParseExact(id, "D", out sessionId);

    internal static IResult SessionNotFound() => ApiErrors.NotFound("Session not found", "session_not_found");

    private static async Task<IResult> CreateAsync(CreateSessionRequest? request, HttpContext context, SessionService sessions, ModelCredentials credentials, TenantBudgets budgets, CancellationToken cancellationToken)
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

        if (request.BudgetUsd is not null)
        {
            if (TenantBudgets.LimitProblem(request.BudgetUsd, "budgetUsd") is { } badBudget)
            {
                return ApiErrors.From(badBudget);
            }

            if (budgets.Support.Refusal is { } unsupported)
            {
                return ApiErrors.Validation($"'budgetUsd' cannot be applied: {unsupported}", "budgets_unsupported");
            }
        }

        var sessionOptions = options.Value;
        if (request.CredentialId is not null)
        {
            // Checked here, before anything starts: an unknown, another tenant's or an unusable credential is the caller's mistake (400).
            var claimed = await credentials.ClaimForSessionAsync(Tenant.Of(context), request.CredentialId, cancellationToken);
            if (!claimed.IsSuccess)
            {
                return ApiErrors.From(claimed.Error);
            }

            sessionOptions = sessionOptions with { CredentialId = claimed.Value };
        }

        var created = await sessions.CreateAsync(Tenant.Of(context), request.Agent!, sessionOptions, cancellationToken);
        if (!created.IsSuccess)
        {
            return ApiErrors.From(created.Error);
        }

        if (request.BudgetUsd is not null)
        {
            // Set before the answer: no message can reach the session before its budget holds.
            var budget = await budgets.SetAsync(Tenant.Of(context), BudgetScopes.Session, created.Value.Id.ToString("D"), request.BudgetUsd, cancellationToken);
            if (!budget.IsSuccess)
            {
                return ApiErrors.From(budget.Error);
            }
        }

        return TypedResults.Json(new SessionResponse(SessionDto.From(created.Value)), ApiJsonContext.Default.SessionResponse, statusCode: StatusCodes.Status201Created);
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

    private static Task<IResult> EndAsync(string id, HttpContext context, SessionService sessions, CancellationToken cancellationToken) =>
        ChangeAsync(id, context, sessions.EndAsync, StatusCodes.Status200OK, cancellationToken);

    private static Task<IResult> PauseAsync(string id, HttpContext context, SessionService sessions, CancellationToken cancellationToken) =>
        ChangeAsync(id, context, sessions.PauseAsync, StatusCodes.Status200OK, cancellationToken);

    private static Task<IResult> ResumeAsync(string id, HttpContext context, SessionService sessions, CancellationToken cancellationToken) =>
        ChangeAsync(id, context, sessions.ResumeAsync, StatusCodes.Status200OK, cancellationToken);

    private static Task<IResult> StopAsync(string id, HttpContext context, SessionService sessions, CancellationToken cancellationToken) =>
        ChangeAsync(id, context, sessions.StopAsync, StatusCodes.Status200OK, cancellationToken);

    /// <summary>Fork answers 201 with the child session (API.md).</summary>
    private static Task<IResult> ForkAsync(string id, HttpContext context, SessionService sessions, CancellationToken cancellationToken) =>
        ChangeAsync(id, context, (tenant, parent, token) => sessions.ForkAsync(tenant, parent, token), StatusCodes.Status201Created, cancellationToken);

    /// <summary>
    /// Ash's session config PATCH; the answer is the session with its config (Ash leaves the config out). The agent
    /// process takes the new options from the next turn on.
    /// </summary>
    private static async Task<IResult> ConfigureAsync(string id, PatchSessionConfigRequest? request, HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        if (!TryParseId(id, out var sessionId))
        {
            return SessionNotFound();
        }

        var change = SessionConfigValidation.Validate(request ?? new PatchSessionConfigRequest(null, null, null, null, null, null));
        return change.IsSuccess
            ? await ChangeAsync(id, context, (tenant, session, token) => sessions.ConfigureAsync(tenant, session, change.Value, token), StatusCodes.Status200OK, cancellationToken)
            : ApiErrors.From(change.Error);
    }

    /// <summary>The shape every lifecycle route shares: parse the id, run the operation for the caller's tenant, answer with the session.</summary>
    private static async Task<IResult> ChangeAsync(
        string id,
        HttpContext context,
        Func<string, Guid, CancellationToken, Task<Result<Session>>> operation,
        int successStatus,
        CancellationToken cancellationToken)
    {
        if (!TryParseId(id, out var sessionId))
        {
            return SessionNotFound();
        }

        var changed = await operation(Tenant.Of(context), sessionId, cancellationToken);
        return changed.IsSuccess
            ? TypedResults.Json(new SessionResponse(SessionDto.From(changed.Value)), ApiJsonContext.Default.SessionResponse, statusCode: successStatus)
            : ApiErrors.From(changed.Error);
    }
}
