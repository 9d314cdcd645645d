using System.Net;

namespace Ash.Sandbox.ModelProxy;

/// <summary>
/// The agent's body as the upstream request's content, streamed from the connection. It can be sent again
/// only while none of it has been read: HttpClient resends a request whose pooled connection turned out
/// dead, and what already passed cannot be replayed, so a resend after that fails as an I/O error (the
/// agent gets 502 and its CLI retries) instead of sending a body without its beginning.
/// </summary>
internal sealed class RequestBodyContent(RequestBodyStream body, long? length, int bufferBytes) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (body.BytesRead > 0)
        {
            throw new IOException("the request body was partly sent already and cannot be sent again");
        }

        await body.CopyToAsync(stream, bufferBytes, cancellationToken);
    }

    protected override bool TryComputeLength(out long computed)
    {
        computed = length ?? 0;
        return length is not null;
    }
}
