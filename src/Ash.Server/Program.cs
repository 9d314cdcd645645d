using Ash.Server.Hosting;

// ash-server: the embedded platform (api + sessions + sandbox-host roles in one process).
try
{
    var app = await AshServer.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (InvalidOperationException exception) when (exception.Message.StartsWith("Cannot run sandboxes", StringComparison.Ordinal)
                                                   || exception.Message.StartsWith("Invalid settings", StringComparison.Ordinal))
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}
