using Ash.Core.Sandboxes;
using Ash.Core.Sessions;
using Ash.Sandbox;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ash.Server.Exec;

/// <summary>Runs a shell command in an active session's sandbox, under the session's limits.</summary>
public static class ExecApi
{
    public static RouteGroupBuilder MapExecApi(this RouteGroupBuilder api)
    {
        api.MapPost("/sessions/{id}/exec", ExecAsync).WithTags("Exec").WithName("exec").WithSummary("Run a shell command in the session's sandbox")
            .ProducesErrors(400);
        return api;
    }

    private static async Task<Results<Ok<ExecCommandResponse>, ErrorResult>> ExecAsync(
        string id, ExecCommandRequest? request, HttpContext context, SessionService sessions, IOptions<SandboxOptions> sandbox, CancellationToken cancellationToken)
    {
        if (!SessionsApi.TryParseId(id, out var sessionId))
        {
            return SessionsApi.SessionNotFound();
        }

        if (request?.Command is not { Length: > 0 } command || string.IsNullOrWhiteSpace(command))
        {
            return ApiErrors.Validation("'command' is required: a shell command run with /bin/sh -c in the workspace");
        }

        if (command.Length > ExecRequest.MaxCommandLength || command.Contains('\0', StringComparison.Ordinal))
        {
            return ApiErrors.Validation($"'command' must be at most {ExecRequest.MaxCommandLength} characters without NUL bytes");
        }

        var timeout = ExecRequest.DefaultTimeout;
        if (request.Timeout is { } milliseconds)
        {
            if (milliseconds < 1 || milliseconds > ExecRequest.MaxTimeout.TotalMilliseconds)
            {
                return ApiErrors.Validation($"'timeout' is in milliseconds, from 1 to {ExecRequest.MaxTimeout.TotalMilliseconds:0}");
            }

            timeout = TimeSpan.FromMilliseconds(milliseconds);
        }

        var result = await sessions.ExecAsync(Tenant.Of(context), sessionId, new ExecRequest(command, timeout, sandbox.Value.ExecMaxOutputBytes), cancellationToken);
        if (!result.IsSuccess)
        {
            return ApiErrors.From(result.Error);
        }

        var ran = result.Value;
        return TypedResults.Ok(new ExecCommandResponse(ran.ExitCode, ran.Stdout, ran.Stderr, ran.TimedOut, ran.Truncated));
    }
}
