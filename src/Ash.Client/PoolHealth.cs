namespace Ash.Client;

/// <summary>Sandbox pool statistics, part of <see cref="Health"/> (Ash's <c>PoolStats</c>).</summary>
/// <param name="Total">Every sandbox counted below: cold, warming, warm, waiting and running.</param>
/// <param name="Cold">Sessions that can go on but have no agent process now; their files and conversation are kept.</param>
/// <param name="Warming">Sandboxes whose agent process is starting.</param>
/// <param name="Warm">Idle sandboxes kept ready for new sessions.</param>
/// <param name="Waiting">Sessions whose agent process is alive and idle between messages.</param>
/// <param name="Running">Sessions with a turn running or queued.</param>
/// <param name="MaxCapacity">
/// Most agent processes the server runs at once; beyond it idle sessions are stopped to make room, or
/// new work is refused with 503 (<c>capacity</c>) when every live one is busy.
/// </param>
/// <param name="ResumeWarmHits">Resumes since start-up that found the agent process alive.</param>
/// <param name="ResumeColdHits">Resumes and wake-ups since start-up that started a new process over the kept conversation.</param>
/// <param name="PreWarmHits">Sessions since start-up created on a warm sandbox.</param>
public sealed record PoolHealth(
    int Total,
    int Warm,
    int Running,
    int MaxCapacity,
    int Cold = 0,
    int Warming = 0,
    int Waiting = 0,
    long ResumeWarmHits = 0,
    long ResumeColdHits = 0,
    long PreWarmHits = 0);
