using System.Text.Json;

namespace Ash.Server.Tests.Infrastructure;

public sealed record SseFrame(long? Id, string Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}
