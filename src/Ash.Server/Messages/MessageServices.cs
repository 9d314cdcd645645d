using Ash.Core.Timeline;

namespace Ash.Server.Messages;

public static class MessageServices
{
    /// <summary>The read side of a session's history beyond its stores: the timeline, read out of the event log.</summary>
    public static IServiceCollection AddSessionHistory(this IServiceCollection services) => services.AddSingleton<SessionTimeline>();
}
