using Ash.Server.Hosting;

// ash-server: the embedded platform (api + sessions + sandbox-host roles in one process).
try
{
    var app = await AshServer.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (InvalidOperationException exception) when (exception.Message.StartsWith("Cannot run sandboxes", StringComparison.Ordinal)
                                                   || exception.Message.StartsWith("Invalid settings", StringComparison.Ordinal)
                                                   || exception.Message.StartsWith("Cannot listen", StringComparison.Ordinal))
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}
catch (IOException exception) when (exception.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    // Taken between the check in BuildAsync and Kestrel's bind.
    Console.Error.WriteLine("Cannot listen: " + exception.Message);
    return 2;
}
