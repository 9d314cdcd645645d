namespace Ash.Testing.ProbeRuntime;

/// <summary>
/// Memory the probe holds on purpose (<c>[[probe:alloc-mb N]]</c>): allocated in MiB blocks, every page
/// written so it is resident, and kept until the process ends, so repeated requests add up.
/// </summary>
internal static class ProbeMemory
{
    private const int BlockBytes = 1024 * 1024;
    private const int PageBytes = 4096;
    private static readonly List<byte[]> Held = [];

    public static long HeldMegabytes => Held.Count;

    public static void Allocate(long megabytes)
    {
        for (var i = 0L; i < megabytes; i++)
        {
            var block = GC.AllocateUninitializedArray<byte>(BlockBytes);
            for (var offset = 0; offset < block.Length; offset += PageBytes)
            {
                block[offset] = 1;
            }

            Held.Add(block);
        }
    }
}
