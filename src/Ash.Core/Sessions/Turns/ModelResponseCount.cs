namespace Ash.Core.Sessions.Turns;

/// <summary>
/// Enforces a message's <c>maxTurns</c>: the CLI takes no turn limit once it runs, so the platform counts the
/// main agent's model responses (distinct assistant message ids) and stops the turn when one more starts.
/// Single reader: only the turn's pump uses it.
/// </summary>
public sealed class ModelResponseCount(int? maxTurns)
{
    private string? _current;
    private int _count;

    /// <summary>The stop when <paramref name="responseId"/> starts a response past the limit; null otherwise.</summary>
    public TurnStop? StopAt(string? responseId)
    {
        if (maxTurns is not { } limit || responseId is null || responseId == _current)
        {
            return null;
        }

        _current = responseId;
        return ++_count > limit ? TurnStop.MaxTurns(limit) : null;
    }
}
