namespace Ash.Client;

/// <summary>Sandbox pool statistics, part of <see cref="Health"/>.</summary>
/// <param name="Total">Sandboxes the pool holds.</param>
/// <param name="Warm">Idle sandboxes kept ready for new sessions.</param>
/// <param name="Running">Sandboxes whose agent process is running.</param>
/// <param name="MaxCapacity">
/// Most agent processes the server runs at once; beyond it idle sessions are stopped to make room, or
/// new work is refused with 503 (<c>capacity</c>) when every live one is busy.
/// </param>
public sealed record PoolHealth(int Total, int Warm, int Running, int MaxCapacity);
