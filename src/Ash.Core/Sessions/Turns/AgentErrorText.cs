using System.Text.RegularExpressions;

namespace Ash.Core.Sessions.Turns;

/// <summary>
/// A failed turn's error as the agent reported it, made true for the client. The agent ends a failed model call with
/// advice to "check your inference gateway (127.0.0.1:&lt;port&gt;)": the address it was given, which is the model
/// proxy inside its own sandbox, not anything a user configured or can reach. The proxy names the real upstream in
/// its own error when it cannot reach it; the sentence about the sandbox's address becomes where the upstream is
/// configured. The agent's own stream-json lines in the log keep its text as it was.
/// </summary>
public static partial class AgentErrorText
{
    public static string ForClient(string error) =>
        SandboxGateway().Replace(error, "check the server's model upstream (ANTHROPIC_BASE_URL where the server runs; /health's model shows its last answer)");

    [GeneratedRegex(@"check your inference gateway \([^)]*\)")]
    private static partial Regex SandboxGateway();
}
