namespace Ash.Sandbox.Volumes;

/// <summary>Session volumes (section <c>Ash:Sandbox:Volumes</c>): each session's files on an ext4 image of its own.</summary>
public sealed class VolumeOptions
{
    /// <summary>
    /// False is the explicit opt-out for hosts without loop devices or root (<c>ASH_DISK_VOLUMES=false</c>):
    /// sessions' files then live on the host's file system and only RLIMIT_FSIZE limits them, per file.
    /// </summary>
    public bool Enabled { get; set; } = true;

    public string MkfsPath { get; set; } = "/usr/sbin/mkfs.ext4";

    public string LoopControlPath { get; set; } = "/dev/loop-control";

    /// <summary>Where the formatted templates are kept. Empty: <c>volume-templates/</c> beside the sandboxes directory (in the data directory).</summary>
    public string TemplateDirectory { get; set; } = string.Empty;

    /// <summary>
    /// Volumes of the default profile kept formatted, attached and mounted in advance, so creating a session
    /// moves one into place instead of mounting (<see cref="VolumePool"/>). Each holds a loop device and a mount.
    /// </summary>
    public int PoolSize { get; set; } = 4;

    /// <summary>A volume no sandbox, file request or copy has used for this long is unmounted (its loop device goes with it).</summary>
    public TimeSpan IdleUnmount { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The most session volumes this server keeps mounted for its sessions (the pool's ready ones come on top);
    /// past it the one idle longest is unmounted first, and when none is idle opening another fails at once.
    /// Unset, it is the live-sandbox budget (each live sandbox holds its volume mounted).
    /// </summary>
    public int? MaxMounted { get; set; }

    public IEnumerable<string> Validate()
    {
        if (IdleUnmount < TimeSpan.Zero)
        {
            yield return "Ash:Sandbox:Volumes:IdleUnmount must not be negative.";
        }

        if (PoolSize is < 0 or > 64)
        {
            yield return "Ash:Sandbox:Volumes:PoolSize must be from 0 to 64.";
        }

        if (MaxMounted < 1)
        {
            yield return "Ash:Sandbox:Volumes:MaxMounted must be at least 1, or unset to follow the live-sandbox budget.";
        }
    }
}
