using Ash.Cli;

return await CliApp.RunAsync(args, CliEnvironment.FromProcess(), Console.Out, Console.Error, handleTermination: true);
