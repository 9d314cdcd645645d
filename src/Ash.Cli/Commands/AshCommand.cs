using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http;
using Ash.Cli.LocalServer;
using Ash.Client;

namespace Ash.Cli.Commands;

// Base of every command: runs it and turns the failures a command expects (bad input, the server's
// error answers, no server) into a one-line message on stderr and an ExitCodes value.
// Anything else is a bug and reaches System.CommandLine's handler with its stack trace.
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
        var output = context.Output;
        try
        {
            return await ExecuteAsync(context, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.WriteLine("interrupted");
            return ExitCodes.Interrupted;
        }
        catch (CliException ex)
        {
            output.Error(ex.Message);
            return ex.ExitCode;
        }
        catch (AshApiException ex)
        {
            output.Error(ex.Code is null ? $"{ex.Message} ({(int)ex.StatusCode})" : $"{ex.Message} ({(int)ex.StatusCode} {ex.Code})");
            if (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                output.WriteLine($"The server rejected the API key; pass the right one with --api-key or ASH_API_KEY (a local server writes it to {context.Layout.ApiKeyFile}).");
            }

            if (ex.Code == "route_not_found" && IsAdminCommand(context))
            {
                output.WriteLine("The server shows its admin routes to its admin key alone (its ASH_ADMIN_KEY); with none configured it has no admin API.");
            }

            if (ex.RetryAfter is { } retryAfter)
            {
                var wait = RetryAfterText(retryAfter);
                output.WriteLine(ex.Code == "capacity"
                    ? $"Every sandbox is busy; try again in {wait} (the server's Retry-After)."
                    : $"Try again in {wait} (the server's Retry-After).");
            }

            if (ex.Code == "session_ended")
            {
                output.WriteLine($"An ended session cannot be resumed; '{AshHome.CommandHint} sessions fork <id>' starts a new one from its files and conversation.");
            }

            return ExitCodeFor(ex);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            output.Error($"no Ash server answers at {context.ServerUrl} ({ex.Message})");
            output.WriteLine($"Start one with '{AshHome.CommandHint} start', or point at another with --server or ASH_SERVER_URL.");
            return ExitCodes.ServerUnavailable;
        }
        catch (HttpRequestException ex)
        {
            output.Error($"talking to {context.ServerUrl} failed: {ex.Message}");
            return ExitCodes.ServerUnavailable;
        }
        catch (HttpIOException ex)
        {
            output.Error($"the connection to {context.ServerUrl} broke: {ex.Message}");
            return ExitCodes.ServerUnavailable;
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            output.Error($"{context.ServerUrl} did not answer in time");
            return ExitCodes.ServerUnavailable;
        }
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

    // Whole seconds, rounded up: "retry in 0 s" would invite a retry that is bound to fail.
    private static string RetryAfterText(TimeSpan retryAfter) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s");

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
