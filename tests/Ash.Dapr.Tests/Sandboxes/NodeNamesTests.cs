using System.Text.RegularExpressions;
using Ash.Dapr.Sandboxes;

namespace Ash.Dapr.Tests.Sandboxes;

/// <summary>Kubernetes node names (dots, up to 253 characters) as sandbox hosts' actor types (issue 17 item 6).</summary>
public sealed partial class NodeNamesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("node-1")]
    [InlineData("trailing-dash-")]
    [InlineData("ip-10-0-0-1.ec2.internal")]
    [InlineData("gke-pool-1-8f2d.europe-west1-b.c.my-project.internal")]
    [InlineData("aks-nodepool1-12345678-vmss000000")]
    public void IsValid_TakesShortNamesAndKubernetesNodeNames(string node) =>
        Assert.True(NodeNames.IsValid(node));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Node-1")]
    [InlineData("node_1")]
    [InlineData(".node")]
    [InlineData("node.")]
    [InlineData("a..b")]
    [InlineData("a.-b")]
    [InlineData("a-.b")]
    [InlineData("../etc")]
    [InlineData("node 1")]
    public void IsValid_RefusesAnythingElse(string? node) =>
        Assert.False(NodeNames.IsValid(node));

    [Fact]
    public void IsValid_BoundsLengthAsKubernetesDoes()
    {
        var labels = string.Join('.', Enumerable.Repeat(new string('a', 63), 4));
        Assert.True(NodeNames.IsValid(labels[..253]));
        Assert.False(NodeNames.IsValid(labels[..253] + "a"));
        Assert.False(NodeNames.IsValid(new string('a', 64) + ".b"));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("node-1")]
    [InlineData("trailing-dash-")]
    public void ActorTypePart_OfAShortName_IsTheName_SoDeployedTypesStay(string node) =>
        Assert.Equal(node, NodeNames.ActorTypePart(node));

    [Fact]
    public void ActorTypePart_OfADottedName_IsReadable_AndStableAcrossVersions()
    {
        // Both sides of a rolling update compute the type a node registers: the mapping may never change. The value was
        // computed apart from this code (dots to dashes, then the first 12 hex digits of SHA-256 of the node name).
        Assert.Equal("ip-10-0-0-1-ec2-internal-f8d8022819ba", NodeNames.ActorTypePart("ip-10-0-0-1.ec2.internal"));
        Assert.Equal("sandbox-ip-10-0-0-1-ec2-internal-f8d8022819ba", SandboxActorIds.TypeOf("ip-10-0-0-1.ec2.internal"));
    }

    [Theory]
    [InlineData("ip-10-0-0-1.ec2.internal")]
    [InlineData("a.b")]
    [InlineData("gke-pool-1-8f2d.europe-west1-b.c.my-project.internal")]
    [InlineData("aks-nodepool1-12345678-vmss000000-with-a-rather-long-suffix")]
    public void ActorTypePart_OfAnyOtherName_IsOneDnsLabelOfAtMost54(string node)
    {
        var part = NodeNames.ActorTypePart(node);

        Assert.Matches(DnsLabel(), part);
        Assert.InRange(part.Length, 1, 54);
        Assert.True(NodeNames.IsValid(part), $"'{part}' is not itself a node name");
    }

    [Fact]
    public void ActorTypePart_TellsApartNamesThatReadAlike()
    {
        var longName = string.Join('.', Enumerable.Repeat(new string('a', 63), 4))[..253];
        string[] nodes =
        [
            "a-b", "a.b", "ip-10-0-0-1.ec2.internal", "ip-10-0-0-1-ec2.internal", "ip-10-0-0-1-ec2-internal",
            longName, longName[..252] + "b", longName[..251],
        ];

        var parts = nodes.Select(NodeNames.ActorTypePart).ToList();

        Assert.Equal(nodes.Length, parts.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ActorTypePart_OfAnInvalidName_Throws() =>
        Assert.Throws<ArgumentException>(() => NodeNames.ActorTypePart("Node.1"));

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
