using System.Text.Json;

namespace Ash.Testing.Server;

public sealed record SseFrame(long? Id, string Event, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;
}
