using System.Text.Json;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions.Turns;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// Per-message settings (issue 13): the agent process is long-lived, so a message's model, thinking and effort
/// are set with the CLI's control requests right before its user message, and set back to the session's own
/// with the next turn's (whatever that turn asks). A setting the process already holds is not sent again (a
/// model change costs the CLI a request to the model). Each request's answer is awaited before the message
/// goes out, so the turn runs with them and a refused setting fails the turn instead of being ignored.
/// </summary>
internal sealed class TurnSettings
{
    private const int SettingsAnswerSeconds = 30;

    /// <summary>The process the last turn changed settings of, and which; a new process starts with the session's own.</summary>
    private ISandboxProcess? _changedProcess;
    private TurnOptions _changed = TurnOptions.None;

    /// <summary>Sets this turn's settings and restores the ones the previous turn changed; the error when the agent refuses one.</summary>
    public async Task<TurnError?> ApplyAsync(long turn, ISandboxProcess process, TurnOptions options, CancellationToken cancellationToken)
    {
        var previous = ReferenceEquals(_changedProcess, process) ? _changed : TurnOptions.None;
        var requests = new List<(string Id, byte[] Line)>(3);
        if (!Equals(options.Model, previous.Model))
        {
            requests.Add(Request(turn, "model", id => UserMessageLine.ForSetModel(id, options.Model)));
        }

        if (!Equals(options.Thinking, previous.Thinking))
        {
            requests.Add(Request(turn, "thinking", id => UserMessageLine.ForSetMaxThinkingTokens(id, options.Thinking?.MaxThinkingTokens)));
        }

        if (!Equals(options.Effort, previous.Effort))
        {
            requests.Add(Request(turn, "effort", id => UserMessageLine.ForSetEffort(id, options.Effort)));
        }

        if (requests.Count == 0)
        {
            return null;
        }

        // Until the answers are in, the process is in an unknown state: a failure below leaves it to be restored next turn.
        _changedProcess = process;
        _changed = new TurnOptions { Model = options.Model ?? previous.Model, Thinking = options.Thinking ?? previous.Thinking, Effort = options.Effort ?? previous.Effort };
        try
        {
            foreach (var (_, line) in requests)
            {
                await process.WriteLineAsync(line, cancellationToken);
            }

            var refusal = await AwaitSettingsAnswersAsync(process, requests.Select(r => r.Id).ToHashSet(StringComparer.Ordinal), cancellationToken);
            if (refusal is null)
            {
                _changed = options.ChangesAgentSettings ? options : TurnOptions.None;
            }

            return refusal;
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return new TurnError("The agent process exited before this message's settings were applied", "settings_not_applied");
        }
    }

    private static (string Id, byte[] Line) Request(long turn, string what, Func<string, byte[]> build)
    {
        var id = $"settings-{turn}-{what}";
        return (id, build(id));
    }

    /// <summary>
    /// Reads the agent's output until every request is answered. What else it writes meanwhile is the CLI's own
    /// note of the change (e.g. a <c>/model</c> line in its transcript), not part of any turn, and is not kept.
    /// </summary>
    private static async Task<TurnError?> AwaitSettingsAnswersAsync(ISandboxProcess process, HashSet<string> pending, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(SettingsAnswerSeconds));
        string? refused = null;
        try
        {
            while (pending.Count > 0)
            {
                if (!await process.Output.WaitToReadAsync(timeout.Token))
                {
                    return new TurnError("The agent process exited before this message's settings were applied", "settings_not_applied");
                }

                while (pending.Count > 0 && process.Output.TryRead(out var output))
                {
                    foreach (var line in output.Lines)
                    {
                        if (ControlAnswer(line) is { } answer && pending.Remove(answer.RequestId) && answer.Error is { } error)
                        {
                            refused ??= error;
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TurnError("The agent did not confirm this message's settings within " + SettingsAnswerSeconds + " s", "settings_not_applied");
        }

        return refused is null ? null : new TurnError($"The agent refused this message's settings: {refused}", "settings_refused");
    }

    /// <summary>The request id of a <c>control_response</c> line and its error (null on success); null for any other line.</summary>
    private static (string RequestId, string? Error)? ControlAnswer(byte[] line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || !type.ValueEquals("control_response")
                || !root.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object
                || !response.TryGetProperty("request_id", out var requestId) || requestId.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var failed = response.TryGetProperty("subtype", out var subtype) && subtype.ValueEquals("error");
            var error = failed
                ? response.TryGetProperty("error", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : "unknown error"
                : null;
            return (requestId.GetString()!, error);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
