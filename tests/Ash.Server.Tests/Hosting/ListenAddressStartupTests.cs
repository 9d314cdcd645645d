using Ash.Testing.Server;

namespace Ash.Server.Tests.Hosting;

/// <summary>A host the server cannot listen on stops the start with one sentence, not Kestrel's stack trace.</summary>
public sealed class ListenAddressStartupTests
{
    [Theory]
    [InlineData("10.255.255.1", "10.255.255.1:0: ")]
    [InlineData("localhost", "the host 'localhost' (--host, ASH_HOST) is not an IP address")]
    public async Task HostThisMachineCannotListenOn_ServerRefusesToStart_SayingWhy(string host, string expected)
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestServer.StartAsync(null, null, extra: new Dictionary<string, string?> { ["Ash:Host"] = host }));

        Assert.StartsWith("Cannot listen: " + expected, refused.Message, StringComparison.Ordinal);
    }
}
