namespace Ash.Testing.Server;

/// <summary>Measured figures a test reports (CPU, memory, sizes) in its output, where `dotnet test --logger "console;verbosity=detailed"` shows them.</summary>
public static class Figures
{
    public static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
