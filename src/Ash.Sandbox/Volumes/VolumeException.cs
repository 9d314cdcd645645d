namespace Ash.Sandbox.Volumes;

/// <summary>
/// A session volume could not be set up (no free loop device, a mount refused, a format that failed).
/// Not an <see cref="IOException"/>: retrying the same step at once would fail the same way, so the
/// lifecycle step fails with this message instead of backing off (issue 12: a clear error, never a hang).
/// </summary>
public sealed class VolumeException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
