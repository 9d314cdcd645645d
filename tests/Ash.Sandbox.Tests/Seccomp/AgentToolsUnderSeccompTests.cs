namespace Ash.Sandbox.Tests.Seccomp;

/// <summary>What agents run must keep working under the filter: the Claude Code CLI, a shell pipeline, python, git.</summary>
public sealed class AgentToolsUnderSeccompTests(SeccompFilterFile filter) : IClassFixture<SeccompFilterFile>
{
    [Fact]
    public async Task ClaudeCli_Version_RunsUnderTheFilter()
    {
        var claude = ClaudeBinary();
        Assert.True(File.Exists(claude), $"the Claude Code CLI is not at '{claude}'; run scripts/install-deps.sh");

        var run = await MinimalSandbox.RunAsync(
            filter.Path,
            [$"{MinimalSandbox.RuntimeInside}/{Path.GetFileName(claude)}", "--version"],
            Path.GetDirectoryName(claude));

        Assert.True(run.ExitCode == 0, $"claude --version exited {run.ExitCode}: {run.Stderr}");
        Assert.Contains("Claude Code", run.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// A whole print-mode start: config files in $HOME, worker threads, the bundled JS, then the HTTP
    /// client. Nothing listens on the port, so reaching ECONNREFUSED proves it got as far as the model call.
    /// </summary>
    [Fact]
    public async Task ClaudeCli_PrintMode_GetsAsFarAsTheModelCallUnderTheFilter()
    {
        var claude = ClaudeBinary();
        Assert.True(File.Exists(claude), $"the Claude Code CLI is not at '{claude}'; run scripts/install-deps.sh");
        var environment = new Dictionary<string, string>
        {
            ["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:9",
            ["ANTHROPIC_API_KEY"] = "sk-test",
            ["CLAUDE_CODE_MAX_RETRIES"] = "0",
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["DISABLE_TELEMETRY"] = "1",
        };

        var run = await MinimalSandbox.RunAsync(
            filter.Path,
            [$"{MinimalSandbox.RuntimeInside}/{Path.GetFileName(claude)}", "-p", "hello"],
            Path.GetDirectoryName(claude),
            environment);

        Assert.True(run.ExitCode == 1, $"claude -p exited {run.ExitCode}: {run.Stdout} {run.Stderr}");
        Assert.Contains("ECONNREFUSED", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShellPipeline_RunsUnderTheFilter()
    {
        var run = await MinimalSandbox.RunAsync(filter.Path, ["bash", "-c", "echo ok | cat; (sleep 0 &) ; wait"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("ok\n", run.Stdout);
    }

    [Fact]
    public async Task Python_ThreadsSubprocessesAndLoopbackSockets_WorkUnderTheFilter()
    {
        const string Script = """
            import socket, subprocess, threading
            server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            server.bind(("127.0.0.1", 0)); server.listen(1)
            def serve():
                connection, _ = server.accept(); connection.sendall(connection.recv(16).upper()); connection.close()
            thread = threading.Thread(target=serve); thread.start()
            client = socket.create_connection(server.getsockname()); client.sendall(b"ping")
            reply = client.recv(16); thread.join()
            print(reply.decode(), subprocess.run(["echo", "child"], capture_output=True, text=True).stdout.strip())
            """;

        var run = await MinimalSandbox.RunAsync(filter.Path, ["python3", "-c", Script]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("PING child\n", run.Stdout);
    }

    /// <summary>getifaddrs/if_nameindex go through NETLINK_ROUTE, which the filter keeps for this (Node's os.networkInterfaces).</summary>
    [Fact]
    public async Task NetworkInterfaceListing_WorksUnderTheFilter()
    {
        var run = await MinimalSandbox.RunAsync(filter.Path, ["python3", "-c", "import socket; print([name for _, name in socket.if_nameindex()])"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("['lo']\n", run.Stdout);
    }

    [Fact]
    public async Task Git_InitAndCommit_WorkUnderTheFilter()
    {
        const string Script = "git init -q /tmp/repo && cd /tmp/repo && echo hi > f && git add f && " +
                              "git -c user.name=agent -c user.email=agent@sandbox commit -q -m first && git log --format=%s";

        var run = await MinimalSandbox.RunAsync(filter.Path, ["sh", "-c", Script]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("first\n", run.Stdout);
    }

    private static string ClaudeBinary()
    {
        if (Environment.GetEnvironmentVariable("ASH_CLAUDE_PATH") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ash.sln")))
            {
                return Path.Combine(directory.FullName, ".cache", "runtime", "node_modules", "@anthropic-ai", "claude-code-linux-x64", "claude");
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Ash.sln) above " + AppContext.BaseDirectory);
    }
}
