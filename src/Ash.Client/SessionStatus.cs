using System.Text.Json.Serialization;

namespace Ash.Client;

/// <summary>Lifecycle state of a <see cref="Session"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SessionStatus>))]
public enum SessionStatus
{
    /// <summary>Being created; the sandbox is not ready yet.</summary>
    [JsonStringEnumMemberName("starting")]
    Starting,

    /// <summary>Ready for messages.</summary>
    [JsonStringEnumMemberName("active")]
    Active,

    /// <summary>Paused; resume it before sending messages.</summary>
    [JsonStringEnumMemberName("paused")]
    Paused,

    /// <summary>Agent process stopped, workspace kept; the next message (or a resume) wakes it.</summary>
    [JsonStringEnumMemberName("stopped")]
    Stopped,

    /// <summary>Ended for good; it cannot be resumed.</summary>
    [JsonStringEnumMemberName("ended")]
    Ended,

    /// <summary>Failed; see the session's events for the cause.</summary>
    [JsonStringEnumMemberName("error")]
    Error,
}
