namespace Ash.Testing.DaprSidecar.PubSub;

/// <summary>What the app's reply means for a message (reference §3.5).</summary>
internal enum DeliveryOutcome
{
    /// <summary>2xx with no body, a non-JSON body, no <c>status</c>, or <c>SUCCESS</c>.</summary>
    Acknowledged,

    /// <summary><c>RETRY</c>, an unknown status, a non-2xx other than 404, or no connection.</summary>
    Retry,

    /// <summary><c>DROP</c>: dead-lettered when the subscription names a topic.</summary>
    Drop,

    /// <summary>404: dropped, never dead-lettered.</summary>
    NotFound,

    /// <summary>No rule matched and there is no default route: skipped, dead-lettered if configured.</summary>
    NoRoute,
}
