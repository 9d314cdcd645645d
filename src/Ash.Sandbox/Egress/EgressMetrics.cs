using System.Diagnostics.Metrics;
using Ash.Core.Metrics;

namespace Ash.Sandbox.Egress;

/// <summary>The egress proxy's decisions on agents' CONNECT and plain-HTTP requests (issue 14). No tag names the target host.</summary>
public sealed class EgressMetrics
{
    public const string Requests = "egress_requests_total";

    /// <summary>Tag <c>decision</c>: <c>allowed</c> (on the allowlist, a usable address) or <c>denied</c> (not listed, a private address, no address).</summary>
    public const string DecisionTag = "decision";

    private static readonly KeyValuePair<string, object?> Allowed = new(DecisionTag, "allowed");
    private static readonly KeyValuePair<string, object?> Denied = new(DecisionTag, "denied");

    private readonly Counter<long> _requests;

    public EgressMetrics(IMeterFactory meterFactory) =>
        _requests = meterFactory.Create(AshMeter.Name).CreateCounter<long>(Requests, "{request}", "Egress requests decided against agents' allowlists, by decision");

    public void Decided(bool allowed) => _requests.Add(1, allowed ? Allowed : Denied);
}
