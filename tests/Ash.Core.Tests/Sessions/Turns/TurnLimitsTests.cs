using Ash.Core.Agents;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Core.Sessions.Turns;

namespace Ash.Core.Tests.Sessions.Turns;

public sealed class TurnLimitsTests
{
    private static readonly SessionRuntimeOptions Server = new()
    {
        TurnTimeout = TimeSpan.FromMinutes(60),
        TurnSilenceTimeout = TimeSpan.FromMinutes(15),
        TurnMaxOutputBytes = 32L << 20,
        TurnMaxOutputEvents = 100_000,
    };

    private static readonly TurnInput Message = new("\"hi\"", false);

    [Fact]
    public void Resolve_NothingSet_UsesTheServersDefaults()
    {
        Assert.Equal(new TurnLimits(TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(15), 32L << 20, 100_000), TurnLimits.Resolve(Server, AgentTurnLimits.None, Message));
    }

    [Fact]
    public void Resolve_AgentSettings_ReplaceTheServersEvenWhenLonger()
    {
        var agent = new AgentTurnLimits(TimeSpan.FromHours(3), TimeSpan.FromMinutes(1), 64L << 20, 500);

        Assert.Equal(new TurnLimits(TimeSpan.FromHours(3), TimeSpan.FromMinutes(1), 64L << 20, 500), TurnLimits.Resolve(Server, agent, Message));
    }

    [Fact]
    public void Resolve_MessageTimes_OnlyTighten()
    {
        var agent = new AgentTurnLimits(TimeSpan.FromMinutes(10), null, null, null);

        var tighter = TurnLimits.Resolve(Server, agent, Message with { Timeout = TimeSpan.FromMinutes(2), SilenceTimeout = TimeSpan.FromSeconds(30) });
        var looser = TurnLimits.Resolve(Server, agent, Message with { Timeout = TimeSpan.FromHours(5), SilenceTimeout = TimeSpan.FromHours(5) });

        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30)), (tighter.Timeout, tighter.SilenceTimeout));
        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15)), (looser.Timeout, looser.SilenceTimeout));
    }

    [Fact]
    public void ServerOptions_OutOfRange_AreEachNamed()
    {
        var problems = new SessionRuntimeOptions
        {
            TurnTimeout = TimeSpan.Zero,
            TurnSilenceTimeout = TimeSpan.FromDays(2),
            TurnMaxOutputBytes = 10,
            TurnMaxOutputEvents = 1,
            MaxEventLogBytes = 1,
        }.Validate();

        Assert.Contains(problems, p => p.StartsWith("Ash:Sessions:TurnTimeout", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Ash:Sessions:TurnSilenceTimeout", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Ash:Sessions:TurnMaxOutputBytes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Ash:Sessions:TurnMaxOutputEvents", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Ash:Sessions:MaxEventLogBytes", StringComparison.Ordinal));
    }
}
