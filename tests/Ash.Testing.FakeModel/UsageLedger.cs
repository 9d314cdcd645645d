namespace Ash.Testing.FakeModel;

/// <summary>Every answer's reported usage, in the order the answers finished.</summary>
internal sealed class UsageLedger
{
    private readonly Lock gate = new();
    private readonly List<ReportedUsage> reported = [];

    public void Add(ReportedUsage usage)
    {
        lock (gate)
        {
            reported.Add(usage);
        }
    }

    public IReadOnlyList<ReportedUsage> Snapshot()
    {
        lock (gate)
        {
            return reported.ToArray();
        }
    }
}
