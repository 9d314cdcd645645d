using Microsoft.Extensions.Logging;

namespace Ash.Core.Reminders;

internal static partial class ReminderLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Reminder loop failed; retrying")]
    public static partial void LoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "No receiver for reminder {Name} of actor type {ActorType}; dropped")]
    public static partial void NoReceiver(ILogger logger, string actorType, string name);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Reminder {Name} of {ActorType}/{ActorId} failed; delivering it again later")]
    public static partial void DeliveryFailed(ILogger logger, string actorType, string actorId, string name, Exception exception);
}
