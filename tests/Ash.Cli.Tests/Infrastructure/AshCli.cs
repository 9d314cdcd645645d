using System.Collections;

namespace Ash.Cli.Tests.Infrastructure;

/// <summary>
/// Runs the CLI in-process, as `ash &lt;args&gt;` would run in a shell with exactly <see cref="Variables"/> in its
/// environment: its stdout and stderr captured apart, so a test sees which stream each line went to.
/// </summary>
public sealed class AshCli
{
    private AshCli(Dictionary<string, string> variables) => Variables = variables;

    public Dictionary<string, string> Variables { get; }

    /// <summary>
    /// The test process's environment without anything Ash or the model reads (a developer's ASH_API_KEY must not
    /// decide a test), so that a server the CLI starts still finds dotnet.
    /// </summary>
    public static AshCli Clean()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!name.StartsWith("ASH_", StringComparison.Ordinal) && !name.StartsWith("ANTHROPIC_", StringComparison.Ordinal))
            {
                variables[name] = entry.Value as string ?? "";
            }
        }

        return new AshCli(variables);
    }

    /// <summary>Against <paramref name="server"/> with <paramref name="apiKey"/> (ASH_SERVER_URL, ASH_API_KEY).</summary>
    public static AshCli For(Uri server, string apiKey) => Clean().With("ASH_SERVER_URL", server.ToString()).With("ASH_API_KEY", apiKey);

    /// <summary>A copy with one more (or another) variable; null removes it.</summary>
    public AshCli With(string name, string? value)
    {
        var variables = new Dictionary<string, string>(Variables, StringComparer.Ordinal);
        if (value is null)
        {
            variables.Remove(name);
        }
        else
        {
            variables[name] = value;
        }

        return new AshCli(variables);
    }

    public async Task<CliRun> RunAsync(params string[] arguments)
    {
        using var run = Start(arguments);
        return await run.CompletionAsync();
    }

    /// <summary>Starts a run and returns while it goes on, for a test that acts on what it printed so far.</summary>
    public RunningCli Start(params string[] arguments)
    {
        var run = new RunningCli(arguments);
        var environment = new CliEnvironment(Variables, run.OpenBytes, sharedTerminal: false);
        run.Begin(CliApp.RunAsync(arguments, environment, run.Stdout, run.Stderr, handleTermination: false, run.Token));
        return run;
    }
}
