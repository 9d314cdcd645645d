namespace Ash.Core.Sessions.Lifecycle;

/// <summary>
/// Every lifecycle operation of a session, written out as its steps (DESIGN.md §3: a durable step
/// machine instead of a workflow engine). Each multi-step operation ends with the status commit
/// that also clears its persisted progress.
/// </summary>
public static class SessionWorkflows
{
    private static readonly LifecycleStep PrepareSandbox = new("prepare-sandbox", (s, _, ct) => s.PrepareSandboxAsync(ct));
    private static readonly LifecycleStep StartProcess = new("start-process", (s, _, ct) => s.StartProcessAsync(ct));
    private static readonly LifecycleStep StopProcess = new("stop-process", (s, _, ct) => s.StopProcessAsync(ct));
    private static readonly LifecycleStep EndProcess = new("end-process", (s, _, ct) => s.EndProcessAsync(ct));
    private static readonly LifecycleStep CopyFiles = new("copy-files", (s, input, ct) => s.CopyFilesFromAsync(Parent(input), ct));
    private static readonly LifecycleStep CopyHistory = new("copy-history", (s, input, ct) => s.CopyHistoryFromAsync(Parent(input), ct));
    private static readonly LifecycleStep ScheduleReap = new("schedule-reap", (s, _, ct) => s.ScheduleReapAsync(ct));
    private static readonly LifecycleStep DeleteFiles = new("delete-files", (s, _, ct) => s.DeleteFilesAsync(ct));

    public static readonly LifecycleWorkflow Create = new("create", [PrepareSandbox, StartProcess, Mark("mark-active", SessionStatus.Active, new("created"))]);

    /// <summary>Create on a warm sandbox: its files and process exist already, so only the status changes.</summary>
    public static readonly LifecycleWorkflow CreateWarm = new("create-warm", [Mark("mark-active", SessionStatus.Active, new("created", "warm"))]);

    /// <summary>Warm resume: the process is alive, so resuming is a status flip.</summary>
    public static readonly LifecycleWorkflow ResumeWarm = new("resume-warm", [Mark("mark-active", SessionStatus.Active, new("resumed", "warm"))]);

    /// <summary>Cold resume: a new process continues the conversation from the persisted ~/.claude (--resume).</summary>
    public static readonly LifecycleWorkflow ResumeCold = new("resume-cold", [PrepareSandbox, StartProcess, Mark("mark-active", SessionStatus.Active, new("resumed", "cold"))]);

    /// <summary>Pause keeps the process; only the status changes.</summary>
    public static readonly LifecycleWorkflow Pause = new("pause", [Mark("mark-paused", SessionStatus.Paused, new("paused"))]);

    /// <summary>Stop (by the user, the idle timeout or to make room): the process goes, the files stay.</summary>
    public static readonly LifecycleWorkflow Stop = new("stop", [StopProcess, Mark("mark-stopped", SessionStatus.Stopped, new("stopped"))]);

    /// <summary>Runs on the child: the parent's workspace and conversation, then its history, then a process.</summary>
    public static readonly LifecycleWorkflow Fork = new("fork", [CopyFiles, CopyHistory, StartProcess, Mark("mark-active", SessionStatus.Active, new("forked"))]);

    public static readonly LifecycleWorkflow End = new("end", [EndProcess, ScheduleReap, Mark("mark-ended", SessionStatus.Ended, new("ended"))]);

    /// <summary>After the retention period of an ended session (driven by a reminder).</summary>
    public static readonly LifecycleWorkflow Reap = new("reap", [DeleteFiles]);

    private static readonly Dictionary<string, LifecycleWorkflow> ByName = new[] { Create, CreateWarm, ResumeWarm, ResumeCold, Pause, Stop, Fork, End, Reap }
        .ToDictionary(workflow => workflow.Name, StringComparer.Ordinal);

    public static LifecycleWorkflow? Find(string name) => ByName.GetValueOrDefault(name);

    private static LifecycleStep Mark(string name, SessionStatus status, LifecycleAction action) =>
        new(name, (s, input, ct) => s.CommitStatusAsync(status, action, input, ct));

    private static Guid Parent(LifecycleInput input) =>
        input.ParentSessionId ?? throw new InvalidOperationException("A fork needs its parent session id");
}
