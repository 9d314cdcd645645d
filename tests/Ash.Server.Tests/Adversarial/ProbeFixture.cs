using System.Net;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>
/// The real server with real bwrap sandboxes whose agent runtime is the probe
/// (tests/Ash.Testing.ProbeRuntime): every message is a shell script run inside the sandbox. Attacks
/// are written as scripts; a test passes when the attack fails and the platform carries on.
/// </summary>
public class ProbeFixture : PlatformFixture
{
    private readonly SemaphoreSlim _deploy = new(1, 1);
    private string? _agent;

    /// <summary>The probe as built (artifacts output; the test project builds it first).</summary>
    public static string RuntimePath =>
        Path.Combine(RepositoryPaths.Root, "artifacts", "bin", "Ash.Testing.ProbeRuntime", "release", "ash-probe-runtime");

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Ash:Sandbox:RuntimePath"] = RuntimePath,
    };

    /// <summary>A new session whose sandbox is up: it has answered a first script. <paramref name="extra"/> adds create-request fields.</summary>
    public async Task<ProbeSession> StartSessionAsync(object? extra = null)
    {
        var session = new ProbeSession(Server.Http, await Api.CreateSessionAsync(Server.Http, await AgentAsync(), extra));
        var ready = await session.RunAsync("echo ready");
        Assert.Equal("ready", ready.Output.Trim());
        return session;
    }

    /// <summary>
    /// Runs <paramref name="script"/> in a fresh session while another session is live, then checks that
    /// the server and that other session are unharmed. Returns what the attack printed and its exit code.
    /// </summary>
    public async Task<ProbeResult> AttackAsync(string script)
    {
        await using var bystander = await StartSessionAsync();
        await using var attacker = await StartSessionAsync();
        var result = await attacker.RunAsync(script);
        await AssertStillServingAsync(bystander);
        return result;
    }

    /// <summary>The server answers /health and <paramref name="bystander"/> still runs scripts.</summary>
    public async Task AssertStillServingAsync(ProbeSession bystander)
    {
        using var anonymous = Server.CreateClient(null);
        using var health = await anonymous.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var echo = await bystander.RunAsync("echo still-serving");
        Assert.Equal("still-serving", echo.Output.Trim());
        Assert.Equal(0, echo.ExitCode);
    }

    private async Task<string> AgentAsync()
    {
        await _deploy.WaitAsync();
        try
        {
            return _agent ??= await Api.DeployAgentAsync(Server.Http);
        }
        finally
        {
            _deploy.Release();
        }
    }
}
