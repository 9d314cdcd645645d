using Ash.Core.Errors;

namespace Ash.Sandbox.Workspaces;

/// <summary>A bundle failed a check while it was being unpacked into staging; nothing reached the workspace.</summary>
internal sealed class ArchiveRejectedException(AshError error) : Exception(error.Message)
{
    public AshError Error { get; } = error;

    public static ArchiveRejectedException Invalid(string message, string code = "invalid_bundle") => new(AshError.Validation(message, code));

    public static ArchiveRejectedException TooLarge(string message) => new(AshError.TooLarge(message, "bundle_too_large"));
}
