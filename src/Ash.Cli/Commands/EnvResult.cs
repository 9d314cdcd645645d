namespace Ash.Cli.Commands;

// ash env --json output: what ASH_SERVER_URL and ASH_API_KEY would be set to.
internal sealed record EnvResult(string ServerUrl, string ApiKey);
