using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Sandbox;

namespace Ash.Server.Agents;

/// <summary>
/// Keeps every deploy's content (by path or by upload) as an immutable folder
/// <c>&lt;agents&gt;/&lt;tenant&gt;/&lt;name&gt;/&lt;content id&gt;</c> (<see cref="AgentContent"/>): written to a staging folder, checked
/// (CLAUDE.md, <c>ash.json</c>), named by the SHA-256 of its files, then renamed into place in one step. The
/// same content deployed again reuses its folder; two deploys of one name at once each get their own folder,
/// and the database decides which one the agent's row points at. A deploy by path copies the folder as it is
/// then: later edits reach new sessions after the next deploy, and sessions never see a half-edited folder.
/// Replaced content stays for <see cref="KeepReplacedFor"/> (a session being created may still be copying
/// it), then goes with the next deploy or delete of that agent.
/// </summary>
internal sealed class AgentContentStore(string root, SandboxOptions sandbox, TimeProvider time)
{
    public static readonly TimeSpan KeepReplacedFor = TimeSpan.FromHours(1);

    private const string StagingPrefix = ".staging-";

    /// <summary>The agents directory (absolute).</summary>
    public string Root => root;

    /// <summary>Copies a folder on this server (already checked by <see cref="AgentFolder.Validate"/>).</summary>
    public Result<DeployedContent> FromFolder(string tenantId, string name, string source) =>
        Keep(tenantId, name, staging => AgentFolderCopy.Copy(source, staging));

    public Result<DeployedContent> FromUpload(string tenantId, string name, IReadOnlyList<(string Path, byte[] Bytes)> files) =>
        Keep(tenantId, name, staging => UploadedAgentFolder.WriteInto(staging, files));

    /// <summary>Removes the agent's content folders that nothing points at any more and that are old enough; <paramref name="current"/> stays.</summary>
    public void Prune(string tenantId, string name, string? current)
    {
        var folder = Path.Combine(root, tenantId, name);
        if (!AgentContent.IsValidTenant(tenantId) || !AgentName.IsValid(name) || !Directory.Exists(folder))
        {
            return;
        }

        var cutoff = time.GetUtcNow().UtcDateTime - KeepReplacedFor;
        foreach (var entry in new DirectoryInfo(folder).EnumerateDirectories())
        {
            var replaced = AgentContent.IsValidContentId(entry.Name) && !string.Equals(entry.FullName, current, StringComparison.Ordinal);
            var abandoned = entry.Name.StartsWith(StagingPrefix, StringComparison.Ordinal);
            if ((replaced || abandoned) && entry.LinkTarget is null && entry.LastWriteTimeUtc < cutoff)
            {
                try
                {
                    entry.Delete(recursive: true);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // Tried again at the next deploy.
                }
            }
        }
    }

    private Result<DeployedContent> Keep(string tenantId, string name, Action<string> fill)
    {
        if (!AgentContent.IsValidTenant(tenantId))
        {
            return AshError.Validation("This tenant's id cannot name an agent folder", "invalid_tenant");
        }

        if (!Directory.Exists(root))
        {
            // Only this server reads it; sandboxes get copies of one agent's files, never this directory.
            Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var folder = Path.Combine(root, tenantId, name);
        var staging = Path.Combine(folder, StagingPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            fill(staging);
            var instructions = new FileInfo(Path.Combine(staging, AgentFolder.InstructionsFile));
            if (!instructions.Exists)
            {
                return AshError.Validation("Agent directory must contain CLAUDE.md as a regular file", "missing_claude_md");
            }

            if (AgentConfigCheck.OfFolder(staging, sandbox) is { } invalid)
            {
                return invalid;
            }

            var contentId = AgentFolderCopy.ContentId(staging);
            var final = Path.Combine(folder, contentId);
            if (Directory.Exists(final))
            {
                // The same files were deployed before: keep that folder, and mark it as in use now.
                Directory.SetLastWriteTimeUtc(final, time.GetUtcNow().UtcDateTime);
            }
            else
            {
                try
                {
                    Directory.Move(staging, final);
                    Directory.SetLastWriteTimeUtc(final, time.GetUtcNow().UtcDateTime);
                }
                catch (IOException) when (Directory.Exists(final))
                {
                    // The same content, deployed at the same moment by another request.
                }
            }

            var config = AgentConfigFile.Load(final);
            return config.IsSuccess ? new DeployedContent(final, config.Value) : config.Error;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}
