namespace Ash.Core.Sessions.Capacity;

/// <summary>
/// The live-sandbox budget (<c>Ash:Sessions:MaxLiveSandboxes</c>) and how it was set: by configuration, or sized at
/// start-up from what the machine has (issue 14: a fixed 64 left a machine that holds thousands of idle sandboxes
/// mostly unused). Sized, it is the memory the sandboxes can use, less a reserve for the server and the host,
/// divided by what one live sandbox holds (<c>Ash:Sessions:SandboxMemoryMb</c>), and no more than the processes,
/// open files and uids the machine has room for.
/// </summary>
/// <param name="LimitedBy">What decided the figure: <c>config</c>, <c>default</c> (no sandbox runs here), <c>memory</c>, <c>tasks</c>, <c>descriptors</c>, <c>uids</c> or <c>ceiling</c>.</param>
public sealed record LiveSandboxBudget(int Value, string LimitedBy, long? MemoryMb, long SandboxMemoryMb)
{
    /// <summary>Beyond this one server is not tested; more sandboxes need more hosts.</summary>
    public const int Ceiling = 10_000;

    /// <summary>
    /// The least a sized budget gives, however small the machine: a session and a queued job (the queue leaves
    /// <c>Ash:Queue:ReservedSandboxes</c>, 1, to interactive sessions).
    /// </summary>
    public const int Floor = 2;

    /// <summary>Kept for the server and the rest of the host: a tenth of the memory, and at least this.</summary>
    public const long MinReserveBytes = 512 * Sandboxes.ResourceLimits.MiB;

    /// <summary>
    /// Tasks (processes and threads) of one idle live sandbox, measured (issue 14): bwrap and its pid 1, socat, the
    /// volume's journal thread, and the agent: 9 threads for Claude Code, 7 for the stub runtime.
    /// </summary>
    public const int TasksPerSandbox = 13;

    /// <summary>The server's descriptors per live sandbox: 6 measured idle (pipes, proxy socket, log), and room for a turn's streams.</summary>
    public const int DescriptorsPerSandbox = 8;

    /// <summary>The budget of a server that runs no sandbox itself (split on Dapr), when configuration sets none.</summary>
    public const int WithoutSandboxHost = 64;

    /// <summary>A server that runs no sandbox: the configured budget, else <see cref="WithoutSandboxHost"/>.</summary>
    public static LiveSandboxBudget Remote(int? configured, long sandboxMemoryMb) =>
        new(configured ?? WithoutSandboxHost, configured is null ? "default" : "config", null, sandboxMemoryMb);

    /// <summary>The budget configuration sets, or the one this machine holds.</summary>
    /// <param name="configured">Ash:Sessions:MaxLiveSandboxes when set (it wins), else null.</param>
    public static LiveSandboxBudget Size(int? configured, long sandboxMemoryMb, HostRoom room)
    {
        var memoryMb = room.MemoryBytes / Sandboxes.ResourceLimits.MiB;
        if (configured is { } value)
        {
            return new LiveSandboxBudget(value, "config", memoryMb, sandboxMemoryMb);
        }

        var limitedBy = "ceiling";
        long budget = Ceiling;
        if (room.MemoryBytes is { } memory)
        {
            var usable = memory - Math.Max(MinReserveBytes, memory / 10);
            Lower(usable / (sandboxMemoryMb * Sandboxes.ResourceLimits.MiB), "memory");
        }

        Lower(room.Tasks / TasksPerSandbox, "tasks");
        Lower(room.Descriptors / DescriptorsPerSandbox, "descriptors");
        Lower(room.Uids, "uids");
        return new LiveSandboxBudget((int)Math.Max(Floor, budget), limitedBy, memoryMb, sandboxMemoryMb);

        void Lower(long? limit, string name)
        {
            if (limit is { } figure && figure < budget)
            {
                budget = figure;
                limitedBy = name;
            }
        }
    }
}
