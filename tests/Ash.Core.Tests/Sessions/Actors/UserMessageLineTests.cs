using System.Text;
using System.Text.Json;
using Ash.Core.Sessions.Actors;

namespace Ash.Core.Tests.Sessions.Actors;

public sealed class UserMessageLineTests
{
    [Fact]
    public void ForUserMessage_OfContentSpreadOverLines_IsOneLine_WithTheSameContent()
    {
        const string content = "[\n  {\"type\": \"text\",\r\n   \"text\": \"two\\nlines\"}\n]";

        var line = Encoding.UTF8.GetString(UserMessageLine.ForUserMessage(content));

        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        using var document = JsonDocument.Parse(line);
        var block = document.RootElement.GetProperty("message").GetProperty("content")[0];
        Assert.Equal("text", block.GetProperty("type").GetString());
        Assert.Equal("two\nlines", block.GetProperty("text").GetString());
    }

    [Fact]
    public void ForUserMessage_OfContentOnOneLine_KeepsItAsSent()
    {
        const string content = "[{\"type\":\"text\", \"text\":\"hi\"}]";

        var line = Encoding.UTF8.GetString(UserMessageLine.ForUserMessage(content));

        Assert.Equal("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":" + content + "}}", line);
    }
}
