using System.Diagnostics;

namespace Ash.Dapr.Events;

/// <summary>A batch waiting to be published, with the trace context it was written in (default: none).</summary>
internal readonly record struct OutboxBatch(EventBatchMessage Message, ActivityContext Writer);
