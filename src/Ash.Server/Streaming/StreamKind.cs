namespace Ash.Server.Streaming;

/// <summary>Which SSE route a stream is served by: <c>POST …/messages</c> (one turn) or <c>GET …/stream</c> (the session).</summary>
public enum StreamKind
{
    Message,
    Session,
}
