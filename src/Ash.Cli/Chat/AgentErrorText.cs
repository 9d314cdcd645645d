using System.Text.RegularExpressions;

namespace Ash.Cli.Chat;

// A turn's error as a person should read it. The agent ends a failed model call with advice to "check
// your inference gateway (127.0.0.1:<port>)": the address it was given, which is the model proxy inside
// its own sandbox, not anything the user configured or can reach. The proxy names the real upstream in
// its own error when it cannot reach it; the sentence about the sandbox's address is replaced by where
// the upstream is configured. --json keeps the agent's text as it was.
internal static partial class AgentErrorText
{
    public static string ForPerson(string error, string commandHint) =>
        SandboxGateway().Replace(error, $"check the server's model upstream (ANTHROPIC_BASE_URL where the server runs; '{commandHint} status' shows its last answer)");

    [GeneratedRegex(@"check your inference gateway \([^)]*\)")]
    private static partial Regex SandboxGateway();
}
