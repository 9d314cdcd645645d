namespace Ash.Testing.StreamJson;

/// <summary>The few <c>claude -p</c> flags a stand-in runtime honours; every other flag is accepted and ignored.</summary>
public sealed record RuntimeArguments(string SessionId, bool IncludePartialMessages)
{
    public static RuntimeArguments Parse(string[] args)
    {
        string? sessionId = null;
        var includePartialMessages = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--include-partial-messages":
                    includePartialMessages = true;
                    break;
                case "--session-id" or "--resume" when i + 1 < args.Length:
                    sessionId = args[++i];
                    break;
            }
        }

        return new RuntimeArguments(sessionId ?? Guid.NewGuid().ToString(), includePartialMessages);
    }
}
