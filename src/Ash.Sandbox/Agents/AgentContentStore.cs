using Ash.Core.Agents;
using Ash.Core.Agents.Deploy;
using Ash.Core.Errors;

namespace Ash.Sandbox.Agents;

/// <summary>
/// Keeps every deploy's content (by path or by upload) as an immutable folder
/// <c>&lt;agents&gt;/&lt;tenant&gt;/&lt;name&gt;/&lt;content id&gt;</c> (<see cref="AgentContent"/>): written to a staging folder, checked
/// (CLAUDE.md, then <c>ash.json</c> parsed by the deploy's reader, once), named by the SHA-256 of its files, then renamed into place in one step. The
/// same content deployed again reuses its folder; two deploys of one name at once each get their own folder,
/// and the database decides which one the agent's row points at. A deploy by path copies the folder as it is
/// then: later edits reach new sessions after the next deploy, and sessions never see a half-edited folder.
/// Content that no version of the agent names any more (the agent was deleted, or a deploy lost its race and left
/// a folder no row points at) stays for <see cref="KeepReplacedFor"/> (a session being created may still be copying
/// it): the first deploy or delete that finds it unnamed marks it (<c>&lt;content id&gt;.replaced</c>), and one after
/// the mark is that old removes it. Content of any version, deleted versions included (sessions created on them
/// still resume with it), is never removed while the agent exists. Content deployed again loses its mark. Marking,
/// reusing and removing one agent's folders take one lock, so a reused folder is never removed under a deploy.
/// </summary>
public sealed class AgentContentStore(string root, TimeProvider time) : IAgentContentStore
{
    public static readonly TimeSpan KeepReplacedFor = TimeSpan.FromHours(1);

    private const string StagingPrefix = ".staging-";
    private const string ReplacedSuffix = ".replaced";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> Gates = new(StringComparer.Ordinal);

    /// <summary>The agents directory (absolute).</summary>
    public string Root => root;

    public Result<DeployedContent> FromFolder(string tenantId, string name, string source, Func<string, Result<AgentConfig>> readConfig) =>
        Keep(tenantId, name, readConfig, staging =>
        {
            AgentFolderCopy.Copy(source, staging);
            return null;
        });

    public Result<DeployedContent> FromUpload(string tenantId, string name, IReadOnlyList<(string Path, byte[] Bytes)> files, Func<string, Result<AgentConfig>> readConfig) =>
        Keep(tenantId, name, readConfig, staging =>
        {
            WriteFiles(staging, files);
            return null;
        });

    public Result<DeployedContent> Revise(string tenantId, string name, string basis, Func<string, AshError?> edit, Func<string, Result<AgentConfig>> readConfig) =>
        Keep(tenantId, name, readConfig, staging =>
        {
            AgentFolderCopy.Copy(basis, staging);
            return edit(staging);
        });

    public void Prune(string tenantId, string name, IReadOnlyCollection<string> kept)
    {
        var folder = Path.Combine(root, tenantId, name);
        if (!AgentContent.IsValidTenant(tenantId) || !AgentName.IsValid(name) || !Directory.Exists(folder))
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        lock (GateOf(folder))
        {
            foreach (var entry in new DirectoryInfo(folder).EnumerateDirectories())
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                if (entry.Name.StartsWith(StagingPrefix, StringComparison.Ordinal))
                {
                    // A deploy that died mid-copy.
                    if (entry.LastWriteTimeUtc < now - KeepReplacedFor)
                    {
                        TryDelete(entry.FullName, null);
                    }

                    continue;
                }

                if (!AgentContent.IsValidContentId(entry.Name) || kept.Contains(entry.FullName))
                {
                    // Named by a version again (activated, or deployed anew): no longer on its way out.
                    File.Delete(entry.FullName + ReplacedSuffix);
                    continue;
                }

                var mark = new FileInfo(entry.FullName + ReplacedSuffix);
                if (!mark.Exists)
                {
                    File.WriteAllBytes(mark.FullName, []);
                    File.SetLastWriteTimeUtc(mark.FullName, now);
                }
                else if (mark.LastWriteTimeUtc < now - KeepReplacedFor)
                {
                    TryDelete(entry.FullName, mark.FullName);
                }
            }
        }
    }

    private static void TryDelete(string directory, string? mark)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
            if (mark is not null)
            {
                File.Delete(mark);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Tried again at the next deploy.
        }
    }

    /// <summary>One lock per agent folder (in this process; a second api replica deploying the same agent at the same moment is not covered).</summary>
    private static object GateOf(string folder) => Gates.GetOrAdd(folder, _ => new object());

    /// <summary>Writes decoded upload files into <paramref name="directory"/> (a fresh staging folder).</summary>
    private static void WriteFiles(string directory, IReadOnlyList<(string Path, byte[] Bytes)> files)
    {
        Directory.CreateDirectory(directory);
        foreach (var (path, bytes) in files)
        {
            var destination = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.WriteAllBytes(destination, bytes);
        }
    }

    private Result<DeployedContent> Keep(string tenantId, string name, Func<string, Result<AgentConfig>> readConfig, Func<string, AshError?> fill)
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
            if (fill(staging) is { } refused)
            {
                return refused;
            }

            var instructions = new FileInfo(Path.Combine(staging, AgentFolder.InstructionsFile));
            if (!instructions.Exists)
            {
                return AshError.Validation("Agent directory must contain CLAUDE.md as a regular file", "missing_claude_md");
            }

            var config = readConfig(staging);
            if (!config.IsSuccess)
            {
                return config.Error;
            }

            var contentId = AgentFolderCopy.ContentId(staging);
            var final = Path.Combine(folder, contentId);
            lock (GateOf(folder))
            {
                if (Directory.Exists(final))
                {
                    // The same files were deployed before: that folder is current again.
                    File.Delete(final + ReplacedSuffix);
                }
                else
                {
                    try
                    {
                        Directory.Move(staging, final);
                    }
                    catch (IOException) when (Directory.Exists(final))
                    {
                        // The same content, deployed at the same moment by another request.
                    }
                }
            }

            // The same files as the staged copy, so the same config: nothing is parsed again.
            return new DeployedContent(final, config.Value);
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
