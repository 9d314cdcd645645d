namespace Ash.Testing.DaprSidecar.Standalone;

/// <summary>The command line of the standalone mesh: <c>--config mesh.json</c>.</summary>
internal sealed record StandaloneArguments(string ConfigPath)
{
    public const string Usage = "usage: Ash.Testing.DaprSidecar --config <mesh.json>";

    public static StandaloneArguments? Parse(string[] args, out string? problem)
    {
        problem = null;
        if (args is ["--config", var path] && path.Length > 0)
        {
            return new StandaloneArguments(path);
        }

        problem = "expected exactly --config <path>";
        return null;
    }
}
