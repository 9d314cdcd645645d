using System.Collections;

namespace Ash.Cli;

// What the CLI takes from the process it runs in: environment variables, the binary stdout that file
// downloads write to, and whether a person watches both output streams on one terminal. Tests run the
// CLI in-process with their own, so that parallel runs never share (or leak) environment variables.
internal sealed class CliEnvironment(IReadOnlyDictionary<string, string> variables, Func<Stream> openStandardOutput, bool sharedTerminal)
{
    // Every variable as given; a server the CLI starts gets exactly these.
    public IReadOnlyDictionary<string, string> Variables => variables;

    // stdout and stderr are the same terminal: text on one must start on a fresh line after text on the other.
    public bool SharedTerminal => sharedTerminal;

    public static CliEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string ?? "";
        }

        return new CliEnvironment(variables, Console.OpenStandardOutput, !Console.IsOutputRedirected && !Console.IsErrorRedirected);
    }

    // A non-empty variable, or null.
    public string? Variable(string name) => variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    // Raw bytes for stdout (a downloaded file), written past the text writer.
    public Stream OpenStandardOutput() => openStandardOutput();
}
