namespace Ash.Core.Agents;

/// <summary>What deleting a version did.</summary>
public enum VersionRemoval
{
    Removed,
    NotFound,

    /// <summary>The version is the active one: activate another first.</summary>
    Active,
}
