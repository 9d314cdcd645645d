using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Ash.Sandbox.Workspaces;

/// <summary>An owned file descriptor from openat2(2): a directory to resolve beneath, or a file to read or write.</summary>
internal sealed class WorkspaceHandle : SafeHandle
{
    public WorkspaceHandle(int descriptor)
        : base(-1, ownsHandle: true) => SetHandle(descriptor);

    public override bool IsInvalid => handle < 0;

    public int Descriptor => (int)handle;

    /// <summary>Hands the descriptor to a <see cref="SafeFileHandle"/> for .NET's file I/O; this handle no longer owns it.</summary>
    public SafeFileHandle ToFileHandle()
    {
        var file = new SafeFileHandle(handle, ownsHandle: true);
        SetHandleAsInvalid();
        return file;
    }

    protected override bool ReleaseHandle() => FileSystemCalls.Close((int)handle) == 0;
}
