using System.Threading.Channels;
using Ash.Testing.ProbeRuntime;
using Ash.Testing.StreamJson;

// Stands in for `claude -p --input-format stream-json --output-format stream-json --verbose` in adversarial
// tests: each user message is a shell script run inside the sandbox (or a [[probe:…]] directive the probe
// carries out itself), answered with its output and a last line "[exit N]". Control requests are
// acknowledged; an interrupt stops the running script. Exits 0 when stdin closes.
DiagnosticPort.Hide();
var arguments = RuntimeArguments.Parse(args);
using var stdin = Console.OpenStandardInput();
using var stdout = Console.OpenStandardOutput();
var output = new StreamJsonOutput(stdout, arguments, Environment.CurrentDirectory);

// Turns run on their own loop so control requests (an interrupt above all) are read while a script runs.
var turns = Channel.CreateUnbounded<ProbeTurn>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
using var stopping = new CancellationTokenSource();
var running = new TurnRunner(output).RunAllAsync(turns.Reader, stopping.Token);

ProbeTurn? latest = null;
var lines = new LineReader(stdin);
while (lines.TryReadLine(out var line))
{
    var inbound = InboundLine.Parse(line);
    switch (inbound.Kind)
    {
        case InboundLineKind.User:
            latest = new ProbeTurn(inbound.Text);
            turns.Writer.TryWrite(latest);
            break;
        case InboundLineKind.ControlRequest:
            if (inbound.IsInterrupt)
            {
                latest?.Interrupt();
            }

            output.WriteControlSuccess(inbound.RequestId);
            break;
    }
}

turns.Writer.TryComplete();
await stopping.CancelAsync();
latest?.Interrupt();
await running;
return 0;
