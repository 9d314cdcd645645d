namespace Ash.Core.Events;

/// <summary>The <c>event.type</c> of a <c>stream_event</c> line (a partial message), where the platform reads more of it.</summary>
public enum StreamEventType
{
    /// <summary>Not a stream event, or one whose inner type needs nothing of the platform.</summary>
    Other,

    /// <summary>Opens a model response: its message id counts the turn's responses.</summary>
    MessageStart,

    /// <summary>Carries a delta: the <c>text_delta</c>, <c>thinking_delta</c>, … events come from it.</summary>
    ContentBlockDelta,
}
