namespace Ash.Core.Sessions;

/// <summary>
/// <c>PATCH /api/sessions/:id/config</c> (Ash's fields): each given value replaces the session's; null leaves it. The
/// session's agent process picks the new options up at its next turn (a new process that resumes the conversation).
/// </summary>
public sealed record SessionConfigChange(
    string? Model,
    IReadOnlyList<string>? AllowedTools,
    IReadOnlyList<string>? DisallowedTools,
    IReadOnlyList<string>? Betas,
    string? SubagentsJson,
    string? InitialAgent)
{
    public SessionOptions ApplyTo(SessionOptions options) => options with
    {
        Model = Model ?? options.Model,
        AllowedTools = AllowedTools ?? options.AllowedTools,
        DisallowedTools = DisallowedTools ?? options.DisallowedTools,
        Betas = Betas ?? options.Betas,
        SubagentsJson = SubagentsJson ?? options.SubagentsJson,
        InitialAgent = InitialAgent ?? options.InitialAgent,
    };
}
