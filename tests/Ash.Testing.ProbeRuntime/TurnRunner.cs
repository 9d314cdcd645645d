using System.Threading.Channels;

namespace Ash.Testing.ProbeRuntime;

/// <summary>Answers turns one at a time, in order: a <c>[[probe:…]]</c> directive in this process, anything else as a shell script.</summary>
internal sealed class TurnRunner(StreamJsonOutput output)
{
    public async Task RunAllAsync(ChannelReader<ProbeTurn> turns, CancellationToken stopping)
    {
        try
        {
            await foreach (var turn in turns.ReadAllAsync(stopping))
            {
                await RunAsync(turn);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // stdin closed: nobody is left to read an answer.
        }
    }

    private async Task RunAsync(ProbeTurn turn)
    {
        if (ProbeDirective.TryParse(turn.Text, out var directive))
        {
            Run(directive);
            return;
        }

        if (turn.Interrupted.IsCancellationRequested)
        {
            output.WriteTurn("[interrupted]\n[exit 130]", isError: true, "error_during_execution");
            return;
        }

        var outcome = await ShellScript.RunAsync(turn.Text, turn.Interrupted);
        if (outcome.End == ScriptEnd.Interrupted)
        {
            output.WriteTurn(outcome.ToAnswer(), isError: true, "error_during_execution");
        }
        else
        {
            output.WriteTurn(outcome.ToAnswer());
        }
    }

    private void Run(ProbeDirective directive)
    {
        switch (directive.Name, directive.Argument(0), directive.Argument(1))
        {
            case ("alloc-mb", long megabytes, null) when megabytes >= 0:
                ProbeMemory.Allocate(megabytes);
                output.WriteTurn($"allocated {megabytes} MiB (holding {ProbeMemory.HeldMegabytes} MiB)\n[exit 0]");
                break;
            case ("lines", long count, long size) when count is >= 0 and <= int.MaxValue && size is >= 0 and <= int.MaxValue:
                output.WriteFlood((int)count, (int)size);
                break;
            case ("giant-line", long bytes, null) when bytes >= 0:
                output.WriteGiantLine(bytes);
                break;
            case ("stderr-lines", long count, null) when count is >= 0 and <= int.MaxValue:
                // What a runtime writes to its stderr is the platform's to keep, in the sandbox log.
                for (var i = 0; i < count; i++)
                {
                    Console.Error.WriteLine($"probe stderr line {i}");
                }

                Console.Error.Flush();
                output.WriteTurn($"wrote {count} stderr lines\n[exit 0]");
                break;
            case ("exit", long code, null):
                // Gone without an answer, the way a crashing agent goes.
                Environment.Exit((int)code);
                break;
            default:
                output.WriteTurn(
                    "unknown probe directive; use [[probe:alloc-mb N]], [[probe:lines N SIZE]], [[probe:giant-line BYTES]], [[probe:stderr-lines N]] or [[probe:exit N]]\n[exit 2]",
                    isError: true,
                    "error_during_execution");
                break;
        }
    }
}
