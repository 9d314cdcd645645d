namespace Ash.Testing.ProbeRuntime;

/// <summary>One user message to answer, and the switch an interrupt control request flips for it.</summary>
internal sealed class ProbeTurn(string text)
{
    private readonly CancellationTokenSource _interrupt = new();

    public string Text { get; } = text;

    public CancellationToken Interrupted => _interrupt.Token;

    public void Interrupt() => _interrupt.Cancel();
}
