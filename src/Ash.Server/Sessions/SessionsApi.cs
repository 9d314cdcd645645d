using Ash.Core.Budgets;
using Ash.Core.Credentials;
using Ash.Core.Errors;
using Ash.Core.Sessions;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ash.Server.Sessions;

public static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this RouteGroupBuilder api)
    {
        var sessions = api.MapGroup("/sessions").WithTags("Sessions");
        sessions.MapPost("/", CreateAsync).WithName("createSession").WithSummary("Create a session").ProducesErrors(400, 404);
        sessions.MapGet("/", ListAsync).WithName("listSessions").WithSummary("List sessions, newest first, one page at a time").ProducesErrors(400);
        sessions.MapGet("/{id}", GetAsync).WithName("getSession").WithSummary("Get a session");
        sessions.MapDelete("/{id}", EndAsync).WithName("endSession").WithSummary("End a session (idempotent)").ProducesErrors(400);
        sessions.MapPost("/{id}/pause", PauseAsync).WithName("pauseSession").WithSummary("Pause an active session").ProducesErrors(400);
        sessions.MapPost("/{id}/resume", ResumeAsync).WithName("resumeSession").WithSummary("Resume a session (410 once ended)").ProducesErrors(400, 410);
        sessions.MapPost("/{id}/stop", StopAsync).WithName("stopSession").WithSummary("Stop a session's process, keeping its files").ProducesErrors(400);
        sessions.MapPost("/{id}/fork", ForkAsync).WithName("forkSession").WithSummary("Fork a session: a child with its workspace and conversation").ProducesErrors(400, 410);
        sessions.MapPatch("/{id}/config", ConfigureAsync).WithName("updateSessionConfig").WithSummary("Change a session's config from its next turn").ProducesErrors(400, 410);
        return api;
    }

    /// <summary>Parses a session id from the route; anything but a UUID is simply not found.</summary>
    internal static bool TryParseId(string id, out Guid sessionId) => Guid.TryParseExact(id, "D", out sessionId);

    internal static ErrorResult SessionNotFound() => ApiErrors.From(SessionNotFoundError());

    private static AshError SessionNotFoundError() => AshError.NotFound("Session not found", "session_not_found");

    private static async Task<Results<Created<SessionResponse>, ErrorResult>> CreateAsync(CreateSessionRequest? request, HttpContext context, SessionService sessions, ModelCredentials credentials, TenantBudgets budgets, CancellationToken cancellationToken)
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

        return TypedResults.Created(default(string), new SessionResponse(SessionDto.From(created.Value)));
    }

    private static async Task<Results<Ok<SessionListResponse>, ErrorResult>> ListAsync(string? agent, string? status, int? limit, string? cursor, HttpContext context, SessionService sessions, CancellationToken cancellationToken)
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
        return TypedResults.Ok(new SessionListResponse(page.Sessions.Select(SessionDto.From).ToList(), page.NextCursor));
    }

    private static async Task<Results<Ok<SessionResponse>, ErrorResult>> GetAsync(string id, HttpContext context, SessionService sessions, CancellationToken cancellationToken) =>
        Answer(await ForSessionAsync(id, context, sessions.GetAsync, cancellationToken));

    private static async Task<Results<Ok<SessionResponse>, ErrorResult>> EndAsync(string id, HttpContext context, SessionService sessions, CancellationToken cancellationToken) =>
        Answer(await ForSessionAsync(id, context, sessions.EndAsync, cancellationToken));

    private static async Task<Results<Ok<SessionResponse>, ErrorResult>> PauseAsync(string id, HttpContext context, SessionService sessions, CancellationToken cancellationToken) =>
        Answer(await ForSessionAsync(id, context, sessions.PauseAsync, cancellationToken));

    private static async Task<Results<Ok<SessionResponse>, ErrorResult>> ResumeAsync(string id, HttpContext context, SessionService sessions, CancellationToken cancellationToken) =>
        Answer(await ForSessionAsync(id, context, sessions.ResumeAsync, cancellationToken));

    private static async Task<Results<Ok<SessionResponse>, ErrorResult>> StopAsync(string id, HttpContext context, SessionService sessions, CancellationToken cancellationToken) =>
        Answer(await ForSessionAsync(id, context, sessions.StopAsync, cancellationToken));

    /// <summary>Fork answers 201 with the child session (API.md).</summary>
    private static async Task<Results<Created<SessionResponse>, ErrorResult>> ForkAsync(string id, HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        var forked = await ForSessionAsync(id, context, (tenant, parent, token) => sessions.ForkAsync(tenant, parent, token), cancellationToken);
        return forked.IsSuccess
            ? TypedResults.Created(default(string), new SessionResponse(SessionDto.From(forked.Value)))
            : ApiErrors.From(forked.Error);
    }

    /// <summary>
    /// Ash's session config PATCH; the answer is the session with its config (Ash leaves the config out). The agent
    /// process takes the new options from the next turn on.
    /// </summary>
    private static async Task<Results<Ok<SessionResponse>, ErrorResult>> ConfigureAsync(string id, PatchSessionConfigRequest? request, HttpContext context, SessionService sessions, CancellationToken cancellationToken)
    {
        if (!TryParseId(id, out _))
        {
            return SessionNotFound();
        }

        var change = SessionConfigValidation.Validate(request ?? new PatchSessionConfigRequest(null, null, null, null, null, null));
        return change.IsSuccess
            ? Answer(await ForSessionAsync(id, context, (tenant, session, token) => sessions.ConfigureAsync(tenant, session, change.Value, token), cancellationToken))
            : ApiErrors.From(change.Error);
    }

    /// <summary>The shape every session route shares: parse the id (anything but a UUID is not found), run the operation for the caller's tenant.</summary>
    private static async Task<Result<Session>> ForSessionAsync(
        string id,
        HttpContext context,
        Func<string, Guid, CancellationToken, Task<Result<Session>>> operation,
        CancellationToken cancellationToken) =>
        TryParseId(id, out var sessionId)
            ? await operation(Tenant.Of(context), sessionId, cancellationToken)
            : SessionNotFoundError();

    private static Results<Ok<SessionResponse>, ErrorResult> Answer(Result<Session> session) =>
        session.IsSuccess
            ? TypedResults.Ok(new SessionResponse(SessionDto.From(session.Value)))
            : ApiErrors.From(session.Error);
}
