using System.Diagnostics;
using Ash.Cli.Tests.Infrastructure;

namespace Ash.Cli.Tests.Commands;

/// <summary>`ash env`: the URL and key other commands would use, as exports a real shell reads back exactly.</summary>
public sealed class EnvCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("ash-cli-env-").FullName;

    [Fact]
    public async Task Env_PrintsExports_ThatAShellEvaluatesToTheSameUrlAndKey()
    {
        const string awkwardKey = "ash_it's a \"key\" with $HOME and `ls`";
        var run = await AshCli.Clean().With("ASH_SERVER_URL", "http://ash.example:8080/").With("ASH_API_KEY", awkwardKey).RunAsync("env");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        var evaluated = await EvaluateInBashAsync(run.Stdout);
        Assert.Equal(["http://ash.example:8080", awkwardKey], evaluated);
    }

    [Fact]
    public async Task Env_OfALocalServer_ReadsItsKeyFile_AndItsPort()
    {
        await File.WriteAllTextAsync(Path.Combine(_data, "api-key"), "ash_from_the_file\n");

        var run = await AshCli.Clean().With("ASH_DATA_DIR", _data).With("ASH_PORT", "4321").RunAsync("env");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["export ASH_SERVER_URL='http://127.0.0.1:4321'", "export ASH_API_KEY='ash_from_the_file'"], run.StdoutLines);
    }

    [Fact]
    public async Task Env_WithJson_IsOneObject()
    {
        var run = await AshCli.Clean().With("ASH_SERVER_URL", "http://127.0.0.1:4100").With("ASH_API_KEY", "ash_k").RunAsync("env", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = CliJson.Single(run.Stdout);
        Assert.Equal("http://127.0.0.1:4100", json["serverUrl"]!.GetValue<string>());
        Assert.Equal("ash_k", json["apiKey"]!.GetValue<string>());
    }

    [Fact]
    public async Task Env_WithoutAKey_FailsAsUnauthorized_SayingWhereTheKeyWouldBe()
    {
        var run = await AshCli.Clean().With("ASH_DATA_DIR", _data).RunAsync("env");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("error: no API key", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_data, "api-key"), run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    // Runs the exports in bash and reads the two variables back, one per line of a NUL-separated print.
    private static async Task<string[]> EvaluateInBashAsync(string exports)
    {
        var start = new ProcessStartInfo("bash", ["-c", exports + "\nprintf '%s\\0%s' \"$ASH_SERVER_URL\" \"$ASH_API_KEY\""])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var bash = Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.Equal(0, bash.ExitCode);
        return output.Split('\0');
    }
}
