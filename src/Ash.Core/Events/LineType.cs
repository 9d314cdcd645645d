namespace Ash.Core.Events;

/// <summary>The top-level <c>type</c> of a stream-json line, as far as the platform tells them apart.</summary>
public enum LineType
{
    /// <summary>No <c>type</c> string, or one the platform gives no meaning (kept as a raw <c>message</c>).</summary>
    Other,

    System,
    StreamEvent,
    Assistant,
    User,
    Result,
    ControlResponse,
}
