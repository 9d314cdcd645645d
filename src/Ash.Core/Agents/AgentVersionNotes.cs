using Ash.Core.Errors;

namespace Ash.Core.Agents;

/// <summary>The parts of a version a client writes (Ash's create and update bodies); null leaves a part as it is.</summary>
public sealed record AgentVersionNotes(string? Name, string? SystemPrompt, string? ReleaseNotes, IReadOnlyList<string>? KnowledgeFiles)
{
    public const int MaxNameLength = 255;
    public const int MaxSystemPromptLength = 1_000_000;
    public const int MaxReleaseNotesLength = 10_000;
    public const int MaxKnowledgeFiles = 1000;
    public const int MaxKnowledgeFileLength = 4096;

    public static AgentVersionNotes None { get; } = new(null, null, null, null);

    /// <summary>Null when every part given is within its limits; else the first that is not.</summary>
    public AshError? Problem()
    {
        if (Name is { Length: 0 or > MaxNameLength })
        {
            return AshError.Validation($"'name' is 1 to {MaxNameLength} characters");
        }

        if (SystemPrompt is { Length: > MaxSystemPromptLength })
        {
            return AshError.Validation($"'systemPrompt' is at most {MaxSystemPromptLength} characters");
        }

        if (ReleaseNotes is { Length: > MaxReleaseNotesLength })
        {
            return AshError.Validation($"'releaseNotes' is at most {MaxReleaseNotesLength} characters");
        }

        // JSON null entries reach here despite the type.
        return KnowledgeFiles is not null
            && (KnowledgeFiles.Count > MaxKnowledgeFiles || KnowledgeFiles.Any(file => file is null or { Length: > MaxKnowledgeFileLength }))
                ? AshError.Validation($"'knowledgeFiles' is a list of at most {MaxKnowledgeFiles} strings of at most {MaxKnowledgeFileLength} characters")
                : null;
    }
}
