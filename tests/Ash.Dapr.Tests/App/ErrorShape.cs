using System.Net;
using System.Text.Json;

namespace Ash.Dapr.Tests.App;

/// <summary>The error shape every refusal of the app routes uses: <c>{"error","statusCode","code"}</c>, nothing of .NET in it.</summary>
internal static class ErrorShape
{
    public static async Task<string> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal(["error", "statusCode", "code"], root.EnumerateObject().Select(property => property.Name));
        Assert.Equal((int)status, root.GetProperty("statusCode").GetInt32());
        Assert.Equal(code, root.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("error").GetString()));
        AssertNothingOfDotNet(body);
        return root.GetProperty("error").GetString()!;
    }

    /// <summary>No type name, namespace or stack frame of ours or the framework's.</summary>
    public static void AssertNothingOfDotNet(string body)
    {
        foreach (var leak in new[] { "System.", "Ash.", "Exception", " at ", "JsonTypeInfo", "Path: $", "LineNumber", "BytePositionInLine" })
        {
            Assert.DoesNotContain(leak, body, StringComparison.Ordinal);
        }
    }
}
