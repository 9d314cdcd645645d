namespace Ash.Core.Sessions.Lifecycle;

/// <summary>
/// A lifecycle operation as an ordered list of steps. Progress is persisted before each step when
/// there is more than one, so the last step of such a workflow must be the status commit that ends it.
/// </summary>
public sealed record LifecycleWorkflow(string Name, IReadOnlyList<LifecycleStep> Steps)
{
    public bool PersistsProgress => Steps.Count > 1;
}
