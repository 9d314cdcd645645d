namespace Ash.Testing.ProbeRuntime;

/// <summary>The few <c>claude -p</c> flags the probe honours; every other flag is accepted and ignored.</summary>
internal sealed record ProbeArguments(string SessionId, bool IncludePartialMessages)
{
    public static ProbeArguments Parse(string[] args)
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

        return new ProbeArguments(sessionId ?? Guid.NewGuid().ToString(), includePartialMessages);
    }
}
