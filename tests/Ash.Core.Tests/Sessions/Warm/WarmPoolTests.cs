using Ash.Core.Agents;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Core.Sessions.Warm;
using Ash.Core.Tests.Sessions.Fakes;
using Ash.Testing.Common;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ash.Core.Tests.Sessions.Warm;

/// <summary>The warm pool's loop: a failed start is logged and tried again later, a failed size lookup is logged, and the loop goes on.</summary>
public sealed class WarmPoolTests
{
    private static readonly AgentConfig OneWarm = AgentConfig.Default with { WarmPool = 1 };

    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger _logs = new();
    private readonly ScriptedSandboxHost _host;

    public WarmPoolTests() => _host = new ScriptedSandboxHost(_time);

    [Fact]
    public async Task Fill_WhenStartsFail_LogsEach_AndTriesAgainAfterAGrowingDelay_UntilThePoolIsFull()
    {
        await using var pool = await StartPoolAsync();
        _host.FailNextStarts(2);

        pool.Fill(Agent(), OneWarm);

        await Eventually.TrueAsync(() => Logged("StartFailed").Count == 1, "the first start's failure to be logged");
        Assert.Equal(0, pool.Count);
        var full = Eventually.TrueAsync(() => pool.Count == 1, "the pool to be filled by a later try");
        await _time.AdvanceUntilAsync(full, TimeSpan.FromSeconds(1));

        var failures = Logged("StartFailed");
        Assert.Equal(["1", "2"], failures.Select(r => r.GetStructuredStateValue("Failures")));
        Assert.Equal([WarmPool.FirstRetryDelay, WarmPool.FirstRetryDelay * 2], failures.Select(r => TimeSpan.Parse(r.GetStructuredStateValue("RetryDelay")!, null)));
        Assert.All(failures, r => Assert.IsType<IOException>(r.Exception));
        Assert.Single(_host.Started);
        Assert.False(pool.ExecuteTask!.IsCompleted, "the pool's loop ended");
    }

    [Fact]
    public async Task Learn_WhenReadingTheSizeThrows_IsLogged_AndTheLoopGoesOn()
    {
        await using var pool = await StartPoolAsync();
        var agent = Agent();

        pool.Learn(agent, _ => throw new IOException("ash.json could not be read"));
        pool.Learn(agent, learnt => pool.Fill(learnt, OneWarm));

        await Eventually.TrueAsync(() => pool.Count == 1, "the pool to be filled once its size was learnt");
        var failed = Assert.Single(Logged("LearnFailed"));
        Assert.Equal("ash.json could not be read", failed.Exception?.Message);
        Assert.True(pool.Knows(agent));
        Assert.False(pool.ExecuteTask!.IsCompleted, "the pool's loop ended");
    }

    [Fact]
    public async Task Dispose_WithoutAHost_StopsTheLoop_AndEmptiesThePool()
    {
        var pool = await StartPoolAsync();
        pool.Fill(Agent(), OneWarm);
        await Eventually.TrueAsync(() => pool.Count == 1, "the pool to be filled");

        await pool.DisposeAsync();

        Assert.True(pool.ExecuteTask!.IsCompletedSuccessfully, "the pool's loop did not end cleanly");
        Assert.Equal(0, pool.Count);
    }

    private async Task<WarmPool> StartPoolAsync()
    {
        var pool = new WarmPool(_host, new NoSecrets(), new SandboxSlots(capacity: 4), new SessionRuntimeOptions(), _time, _logs);
        await pool.StartAsync(CancellationToken.None);
        return pool;
    }

    private List<FakeLogRecord> Logged(string name) => [.. _logs.Collector.GetSnapshot().Where(r => r.Id.Name == name)];

    private Agent Agent()
    {
        var now = _time.GetUtcNow();
        return new Agent("agent-1", "scripted", "tenant-a", 1, "/agents/scripted", new Dictionary<string, string>(), Model: null, now, now);
    }
}
