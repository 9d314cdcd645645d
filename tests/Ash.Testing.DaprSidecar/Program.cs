using System.Runtime.InteropServices;
using Ash.Testing.DaprSidecar;
using Ash.Testing.DaprSidecar.Standalone;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

const int Success = 0;
const int UsageError = 2;

if (StandaloneArguments.Parse(args, out var problem) is not { } arguments)
{
    await Console.Error.WriteLineAsync($"{problem}{Environment.NewLine}{StandaloneArguments.Usage}");
    return UsageError;
}

var options = MeshConfigFile.Read(arguments.ConfigPath, out var problems);
problems.AddRange(options.Problems());
if (problems.Count > 0)
{
    await Console.Error.WriteLineAsync($"{arguments.ConfigPath}:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", problems)}");
    return UsageError;
}

// Logs go to stderr so stdout carries only the sidecar lines a script reads.
using var loggerFactory = LoggerFactory.Create(logging => logging
    .AddSimpleConsole(console => console.SingleLine = true)
    .AddFilter(level => level >= LogLevel.Information)
    .Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stop.TrySetResult(); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; stop.TrySetResult(); });

await using var mesh = await DaprMesh.StartAsync(options with { LoggerFactory = loggerFactory });
foreach (var sidecar in mesh.Sidecars)
{
    Console.WriteLine($"{sidecar.Name} {sidecar.AppId} {sidecar.HttpPort} {sidecar.GrpcPort}");
}

await stop.Task;
return Success;
