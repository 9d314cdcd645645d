using Ash.Core.Sessions.Actors;

namespace Ash.Core.Tests.Sessions.Actors;

public sealed class ActorHaltTests
{
    [Theory]
    [InlineData(ActorHalt.Stopped, "stopped")]
    [InlineData(ActorHalt.Ended, "ended")]
    [InlineData(ActorHalt.MovedAway, "moved to another server")]
    [InlineData(ActorHalt.TakenOver, "taken over by another server")]
    public void Describe_NamesTheHalt_AsTurnErrorsAlwaysHave(ActorHalt halt, string text) => Assert.Equal(text, halt.Describe());
}
