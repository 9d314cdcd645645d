namespace Ash.Core.Agents;

/// <summary>The parts of a version a client writes (Ash's create and update bodies); null leaves a part as it is.</summary>
public sealed record AgentVersionNotes(string? Name, string? SystemPrompt, string? ReleaseNotes, IReadOnlyList<string>? KnowledgeFiles)
{
    public static AgentVersionNotes None { get; } = new(null, null, null, null);
}
