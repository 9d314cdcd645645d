using System.Text.Json;
using System.Text.RegularExpressions;
using Ash.Core.Errors;
using Ash.Core.Sessions;

namespace Ash.Server.Sessions;

/// <summary>
/// Checks the session options Ash calls its config (at create and in <c>PATCH /api/sessions/:id/config</c>): each
/// reaches the agent's command line, so names are plain and lists bounded; every problem is a 400.
/// </summary>
internal static partial class SessionConfigValidation
{
    private const int MaxBetas = 32;
    private const int MaxSubagentsBytes = 256 * 1024;

    public static Result<SessionConfigChange> Validate(PatchSessionConfigRequest request)
    {
        if (request.Model is { } model && (model.Length is 0 or > 100 || model.Contains('\0', StringComparison.Ordinal)))
        {
            return AshError.Validation("'model' is 1 to 100 characters");
        }

        if ((SessionRequestValidation.InvalidToolList(request.AllowedTools) ?? SessionRequestValidation.InvalidToolList(request.DisallowedTools)) is { } toolError)
        {
            return AshError.Validation(toolError);
        }

        if ((InvalidBetas(request.Betas) ?? InvalidSubagents(request.Subagents) ?? InvalidInitialAgent(request.InitialAgent)) is { } invalid)
        {
            return AshError.Validation(invalid);
        }

        return new SessionConfigChange(
            request.Model,
            request.AllowedTools,
            request.DisallowedTools,
            request.Betas,
            request.Subagents is { ValueKind: JsonValueKind.Object } subagents ? subagents.GetRawText() : null,
            request.InitialAgent);
    }

    public static string? InvalidBetas(List<string>? betas) =>
        betas is not null && (betas.Count > MaxBetas || betas.Exists(beta => beta is null || !BetaPattern().IsMatch(beta)))
            ? $"'betas' is a list of at most {MaxBetas} beta names such as \"context-1m-2025-08-07\" (letters, digits, '.', '_', '-')"
            : null;

    public static string? InvalidSubagents(JsonElement? subagents) => subagents switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: not JsonValueKind.Object } => "'subagents' must be an object of agent definitions (name -> {description, prompt, ...})",
        { } value when value.GetRawText().Length > MaxSubagentsBytes => $"'subagents' is at most {MaxSubagentsBytes / 1024} KiB of JSON",
        _ => null,
    };

    public static string? InvalidInitialAgent(string? agent) =>
        agent is not null && !AgentPattern().IsMatch(agent) ? "'initialAgent' is the name of an agent: letters, digits, '.', '_', ':', '-', at most 255" : null;

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex BetaPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9._:-]{0,254}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AgentPattern();
}
