using System.Globalization;

namespace Ash.Testing.FakeModel;

/// <summary>The standalone host's command line: <c>--api-key KEY [--port N]</c>.</summary>
internal sealed record FakeModelArguments(string ApiKey, int Port)
{
    public const string Usage = "usage: Ash.Testing.FakeModel --api-key KEY [--port N]   (port 0 or omitted: a random free port)";

    public static FakeModelArguments? Parse(string[] args, out string? problem)
    {
        string? apiKey = null;
        var port = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--api-key" when !string.IsNullOrEmpty(value):
                    apiKey = value;
                    i++;
                    break;
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535:
                    i++;
                    break;
                default:
                    problem = $"unexpected or incomplete argument '{args[i]}'";
                    return null;
            }
        }

        if (apiKey is null)
        {
            problem = "--api-key is required";
            return null;
        }

        problem = null;
        return new FakeModelArguments(apiKey, port);
    }
}
