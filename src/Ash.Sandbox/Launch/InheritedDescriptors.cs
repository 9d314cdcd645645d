using Ash.Sandbox.Native;

namespace Ash.Sandbox.Launch;

/// <summary>
/// bwrap hands every descriptor it inherits to the sandboxed process (sandbox-facts.md §2.4). .NET
/// opens its own with close-on-exec, but the server may inherit others from whatever started it, so
/// at start-up every descriptor above stderr is marked close-on-exec once.
/// </summary>
public static class InheritedDescriptors
{
    public static bool MarkCloseOnExec() => LibC.CloseRange(3, uint.MaxValue, LibC.CloseRangeCloexec) == 0;
}
