namespace Ash.Core.Messages;

/// <summary>
/// How the conversation history keeps a user's message: <c>{"type":"user","content":…}</c>, Ash's shape, which
/// its clients look for when they show a reopened session (issue 13).
/// </summary>
public static class UserHistoryMessage
{
    /// <param name="contentJson">The message's content as sent: a JSON string or an array of content blocks.</param>
    public static string For(string contentJson) => string.Concat("{\"type\":\"user\",\"content\":", contentJson, "}");
}
