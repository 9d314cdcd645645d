using System.Text.Json;
using Ash.Core.Sessions.Actors;
using Ash.Dapr.Sessions;

namespace Ash.Dapr.Tests.Sessions;

/// <summary>The bodies an api app sends the session actor carry every part of the call.</summary>
public sealed class SessionCallsTests
{
    [Fact]
    public void EnqueueCall_CarriesTheModelsContentAndTheHistorysContent()
    {
        // An attachment is resolved on the api app: the model's content holds its bytes, the history its reference (issue 13).
        var input = new TurnInput("""[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0K"}}]""", IncludePartialMessages: true)
        {
            HistoryContentJson = """[{"type":"attachment","attachmentId":"7d3f4c8e-2b1a-4e5f-9c6d-0a1b2c3d4e5f"}]""",
            Timeout = TimeSpan.FromSeconds(90),
        };

        var bytes = JsonSerializer.SerializeToUtf8Bytes(new EnqueueCall("t1", input), SessionCallsJsonContext.Default.EnqueueCall);
        var read = JsonSerializer.Deserialize(bytes, SessionCallsJsonContext.Default.EnqueueCall)!;

        Assert.Equal("t1", read.TenantId);
        Assert.Equal(input.ContentJson, read.Input.ContentJson);
        Assert.Equal(input.HistoryContentJson, read.Input.HistoryContentJson);
        Assert.True(read.Input.IncludePartialMessages);
        Assert.Equal(input.Timeout, read.Input.Timeout);
    }
}
