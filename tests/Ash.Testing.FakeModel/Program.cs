using Ash.Testing.FakeModel;

const int Success = 0;
const int UsageError = 2;

if (FakeModelArguments.Parse(args, out var problem) is not { } arguments)
{
    await Console.Error.WriteLineAsync($"{problem}{Environment.NewLine}{FakeModelArguments.Usage}");
    return UsageError;
}

await using var server = await FakeModelServer.StartAsync(arguments.ApiKey, arguments.Port, standalone: true, CancellationToken.None);
Console.WriteLine(server.BaseUrl.GetLeftPart(UriPartial.Authority));
await server.WaitForShutdownAsync();
return Success;
