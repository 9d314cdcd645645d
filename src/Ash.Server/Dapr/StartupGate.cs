namespace Ash.Server.Dapr;

/// <summary>
/// Open once the server may take API requests. Embedded, that is before Kestrel listens; on Dapr the
/// app must listen first (daprd reads /dapr/config before it lets us use actors, §9.2), so the API
/// answers 503 <c>starting</c> until the sidecar is ready and recovery has run.
/// </summary>
public sealed class StartupGate
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static StartupGate Open()
    {
        var gate = new StartupGate();
        gate.MarkOpen();
        return gate;
    }

    public bool IsOpen => _opened.Task.IsCompleted;

    public Task Opened => _opened.Task;

    public void MarkOpen() => _opened.TrySetResult();
}
