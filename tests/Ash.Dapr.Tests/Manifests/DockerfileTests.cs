using System.Text.RegularExpressions;

namespace Ash.Dapr.Tests.Manifests;

/// <summary>deploy/Dockerfile: the sandbox's packages and the pinned Claude Code CLI.</summary>
public sealed partial class DockerfileTests
{
    private static readonly Lazy<string> Text = new(() => File.ReadAllText(Repository.PathOf("deploy/Dockerfile")));

    /// <summary>The instructions with line continuations joined and comments dropped.</summary>
    private static IReadOnlyList<string> Instructions =>
        Continuation().Replace(string.Join('\n', Text.Value.Split('\n').Where(line => !line.TrimStart().StartsWith('#'))), " ")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void Dockerfile_RuntimeStage_IsDebian12WithTheSandboxPackages()
    {
        var stages = Instructions.Where(line => line.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.True(stages.Count >= 2, "multi-stage: an SDK build stage and a runtime stage");
        Assert.Contains("dotnet/sdk:10.0", stages[0], StringComparison.Ordinal);
        Assert.Matches("^FROM debian:12(-slim)?( AS .*)?$|^FROM debian:bookworm", stages[^1]);

        var runtime = Instructions.SkipWhile(line => line != stages[^1]).ToList();
        var install = Assert.Single(runtime, line => line.Contains("apt-get install", StringComparison.Ordinal));
        foreach (var package in new[] { "bubblewrap", "socat", "util-linux", "libseccomp2", "ca-certificates" })
        {
            Assert.Matches($@"\s{Regex.Escape(package)}(\s|$)", install);
        }
    }

    [Fact]
    public void Dockerfile_PublishesAshServer_AndRunsIt()
    {
        var csproj = File.ReadAllText(Repository.PathOf("src/Ash.Server/Ash.Server.csproj"));
        Assert.Contains("<AssemblyName>ash-server</AssemblyName>", csproj, StringComparison.Ordinal);
        Assert.Contains(Instructions, line => line.StartsWith("RUN dotnet publish src/Ash.Server ", StringComparison.Ordinal) && line.Contains("-o /app", StringComparison.Ordinal));
        Assert.Equal("ENTRYPOINT [\"/app/ash-server\"]", Instructions[^1]);
    }

    [Fact]
    public void Dockerfile_InstallsTheClaudeCodeVersionPinnedInScriptsRuntimeVersion()
    {
        var pinned = File.ReadAllText(Repository.PathOf("scripts/runtime-version")).Trim();
        Assert.Matches(@"^\d+\.\d+\.\d+", pinned);

        // Either the file is read at build time (no copy of the number to drift) or every literal version is the pinned one.
        var copiesPinFile = Instructions.Any(line => line.StartsWith("COPY ", StringComparison.Ordinal) && line.Contains("scripts/runtime-version", StringComparison.Ordinal));
        var install = Assert.Single(Instructions, line => line.Contains("npm install", StringComparison.Ordinal));
        var packages = NpmPackage().Matches(install).Select(match => (Name: match.Groups["name"].Value, Version: match.Groups["version"].Value)).ToList();
        Assert.Equal(["@anthropic-ai/claude-code", "@anthropic-ai/claude-code-linux-x64"], packages.Select(package => package.Name).Order(StringComparer.Ordinal));
        Assert.All(packages, package =>
        {
            if (package.Version.StartsWith('$'))
            {
                Assert.True(copiesPinFile, "the version variable must come from scripts/runtime-version");
                Assert.Contains($"{package.Version.Trim('$', '{', '}')}=\"$(tr -d '[:space:]' < /tmp/runtime-version)\"", install, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(pinned, package.Version);
            }
        });

        // No other Claude Code version anywhere in the file.
        Assert.All(LiteralVersion().Matches(Text.Value).Select(match => match.Groups["version"].Value), version => Assert.Equal(pinned, version));
    }

    [Fact]
    public void Dockerfile_BuildContext_IsLimitedToWhatTheBuildCopies()
    {
        var ignore = File.ReadAllLines(Repository.PathOf("deploy/Dockerfile.dockerignore"));
        Assert.Contains("**", ignore);
        foreach (var copied in new[] { "src/**", "scripts/runtime-version", "Directory.Build.props", "Directory.Packages.props" })
        {
            Assert.Contains("!" + copied, ignore);
        }
    }

    [GeneratedRegex(@"\\\n")]
    private static partial Regex Continuation();

    [GeneratedRegex("\"?(?<name>@anthropic-ai/claude-code(-linux-x64)?)@(?<version>[^\"\\s]+)\"?")]
    private static partial Regex NpmPackage();

    [GeneratedRegex(@"claude-code(-linux-x64)?@(?<version>\d+\.\d+\.\d+[^\s""]*)")]
    private static partial Regex LiteralVersion();
}
