namespace Ash.Core.Sandboxes;

/// <summary>
/// One read's worth of agent output: complete lines (without newline), or a protocol violation.
/// A line longer than the host's cap is reported as <see cref="LineTooLong"/> and never buffered whole.
/// </summary>
public sealed record AgentOutput(IReadOnlyList<byte[]> Lines, bool LineTooLong);
