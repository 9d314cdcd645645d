using System.CommandLine;
using System.Net;
using System.Net.Http;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Commands;

// Base of every command: runs it and turns the failures a command expects (bad input, the server's
// error answers, no server) into one message on stderr (one JSON object with --json) and an ExitCodes
// value. Anything else is a bug and reaches System.CommandLine's handler with its stack trace.
internal abstract class AshCommand : Command
{
    protected AshCommand(string name, string description)
        : base(name, description)
    {
        SetAction(InvokeAsync);
    }

    protected abstract Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken);

    private async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var context = CliContext.From(parseResult);
        var failure = await RunAsync(context, cancellationToken);
        if (failure.Message.Length > 0)
        {
            context.Output.Fail(failure);
        }

        return failure.ExitCode;
    }

    // The exit code, and what to report when it is a failure (an empty message: nothing more to say).
    private async Task<CliFailure> RunAsync(CliContext context, CancellationToken cancellationToken)
    {
        try
        {
            return new CliFailure(await ExecuteAsync(context, cancellationToken), "");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new CliFailure(ExitCodes.Interrupted, "interrupted");
        }
        catch (CliException ex)
        {
            return new CliFailure(ex.ExitCode, ex.Message, Hints: ex.Hint is null ? null : [ex.Hint]);
        }
        catch (AshApiException ex)
        {
            return new CliFailure(ExitCodeFor(ex), ex.Message, ex.Code, (int)ex.StatusCode, HintsFor(context, ex));
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            return new CliFailure(
                ExitCodes.ServerUnavailable,
                $"no Ash server answers at {context.ServerUrl} ({ex.Message})",
                Hints: [$"Start one with '{context.Home.CommandHint} start', or point at another with --server or ASH_SERVER_URL."]);
        }
        catch (HttpRequestException ex)
        {
            return new CliFailure(ExitCodes.ServerUnavailable, $"talking to {context.ServerUrl} failed: {ex.Message}");
        }
        catch (HttpIOException ex)
        {
            return new CliFailure(ExitCodes.ServerUnavailable, $"the connection to {context.ServerUrl} broke: {ex.Message}");
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            return new CliFailure(ExitCodes.ServerUnavailable, $"{context.ServerUrl} did not answer in time");
        }
    }

    private static List<string> HintsFor(CliContext context, AshApiException ex)
    {
        var hints = new List<string>();
        if (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && ex.Code != "route_not_found")
        {
            hints.Add(IsAdminCommand(context)
                ? "The server refused the admin key; pass its ASH_ADMIN_KEY with --admin-key or ASH_ADMIN_KEY."
                : $"The server refused the API key; pass the right one with --api-key or ASH_API_KEY (a local server writes it to {context.Layout.ApiKeyFile}).");
        }

        if (ex.Code == "route_not_found" && IsAdminCommand(context))
        {
            hints.Add("The server shows its admin routes to its admin key alone (its ASH_ADMIN_KEY); with none configured it has no admin API.");
        }

        if (ex.RetryAfter is { } retryAfter)
        {
            var wait = RelativeTime.Wait(retryAfter);
            hints.Add(ex.Code == "capacity"
                ? $"Every sandbox is busy; try again in {wait} (the server's Retry-After)."
                : $"Try again in {wait} (the server's Retry-After).");
        }

        if (ex.Code == "session_ended")
        {
            hints.Add($"An ended session cannot be resumed; '{context.Home.CommandHint} sessions fork <id>' starts a new one from its files and conversation.");
        }

        return hints;
    }

    private static bool IsAdminCommand(CliContext context)
    {
        for (var result = context.ParseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (result.Command is TenantsCommand)
            {
                return true;
            }
        }

        return false;
    }

    private static int ExitCodeFor(AshApiException ex) => ex.StatusCode switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Unauthorized,
        HttpStatusCode.NotFound => ExitCodes.NotFound,
        HttpStatusCode.BadRequest when ex.Code == "invalid_state" => ExitCodes.Conflict,
        HttpStatusCode.Conflict or HttpStatusCode.Gone or HttpStatusCode.ServiceUnavailable => ExitCodes.Conflict,
        HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge => ExitCodes.Usage,
        _ => ExitCodes.Error,
    };
}
