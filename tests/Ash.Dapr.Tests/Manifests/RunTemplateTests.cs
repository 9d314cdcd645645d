using System.Text.RegularExpressions;

namespace Ash.Dapr.Tests.Manifests;

/// <summary>dapr.yaml (multi-app run, dapr-http-api.md §6) against the ash-server contract.</summary>
public sealed partial class RunTemplateTests
{
    private static RunTemplate Template => RunTemplate.Current;

    [Fact]
    public void RunTemplate_Version_IsOne()
    {
        Assert.Equal("1", Template.Manifest.Root.Text("version"));
        Assert.True(Template.Manifest.Root.Child("version").IsInteger(), "version must be the number 1");
    }

    [Fact]
    public void RunTemplate_AppIdsAndPorts_AreUnique()
    {
        var ids = Template.Apps.Select(app => app.AppId).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);

        var problems = new List<string>();
        var ports = new List<string>();
        foreach (var app in Template.Apps)
        {
            foreach (var (field, node) in new[] { ("appPort", app.AppPort), ("daprHTTPPort", app.DaprHttpPort), ("daprGRPCPort", app.DaprGrpcPort) })
            {
                if (!node.IsInteger())
                {
                    problems.Add($"{app}: {field} must be an explicit port number");
                    continue;
                }

                ports.Add(node.Text()!);
            }
        }

        Assert.Empty(problems);
        Assert.Equal(ports.Distinct().Count(), ports.Count);
    }

    [Fact]
    public void RunTemplate_Paths_ExistRelativeToTheirBase()
    {
        var problems = new List<string>();
        foreach (var path in Template.CommonResourcesPaths.Where(path => !Directory.Exists(path)))
        {
            problems.Add($"common.resourcesPaths: {path} does not exist (relative to dapr.yaml)");
        }

        if (Template.Manifest.Root.At("common", "resourcesPaths") is { } common && common.Items().Count == 0)
        {
            problems.Add("common.resourcesPaths must be a YAML list");
        }

        foreach (var app in Template.Apps)
        {
            if (!Directory.Exists(app.DirectoryPath))
            {
                problems.Add($"{app}: appDirPath {app.DirectoryPath} does not exist (relative to dapr.yaml)");
            }

            problems.AddRange(app.ResourcesPaths.Where(path => !Directory.Exists(path)).Select(path => $"{app}: resources path {path} does not exist"));
            if (app.ConfigFilePath is null || !File.Exists(app.ConfigFilePath))
            {
                problems.Add($"{app}: configFilePath {app.ConfigFilePath} does not exist");
            }
            else if (!Catalog.Dapr("Configuration").Any(manifest => manifest.File == app.ConfigFilePath))
            {
                problems.Add($"{app}: configFilePath {app.ConfigFilePath} holds no Dapr Configuration");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void RunTemplate_Commands_RunTheServerWithItsOwnPortAndData()
    {
        var problems = new List<string>();
        foreach (var app in Template.Apps)
        {
            var command = Template.Manifest.Root.Child("apps").Items().Single(node => node.Text("appID") == app.AppId).Child("command");
            if (command.Items().Count == 0 || command.Items().Any(item => !item.IsString()))
            {
                problems.Add($"{app}: command must be a list of strings");
                continue;
            }

            // The binary `dotnet build src/Ash.Server -c Release` writes (AssemblyName ash-server); the CLI runs
            // it from appDirPath.
            if (Path.GetFullPath(Path.Combine(app.DirectoryPath, app.Command[0])) != Repository.PathOf("artifacts/bin/Ash.Server/release/ash-server"))
            {
                problems.Add($"{app}: command[0] {app.Command[0]} is not artifacts/bin/Ash.Server/release/ash-server");
            }

            // daprd calls the app's own listener (--app-port, loopback), never the REST API's port (issue 12).
            if (app.Flag("--app-port") != app.AppPort.Text())
            {
                problems.Add($"{app}: --app-port {app.Flag("--app-port")} differs from appPort {app.AppPort.Text()}");
            }

            if (app.Flag("--port") is not { } restPort || restPort == app.AppPort.Text())
            {
                problems.Add($"{app}: --port (the REST API, or a sandbox host's health) must be given and differ from appPort");
            }

            if (app.Flag("--app-host") is { } appHost && appHost != "127.0.0.1")
            {
                problems.Add($"{app}: --app-host must stay on loopback (the sidecar is on this machine), got {appHost}");
            }

            if (app.Command.Contains("--dapr-allow-unauthenticated-app") || app.Env("ASH_DAPR_ALLOW_UNAUTHENTICATED_APP") is not null)
            {
                problems.Add($"{app}: must not opt out of the app token");
            }

            // The token comes from the environment of `dapr run` (docs/dapr.md): a value written here would be a shared, public secret.
            if (app.Env("APP_API_TOKEN") is not null)
            {
                problems.Add($"{app}: APP_API_TOKEN must come from the environment, not from dapr.yaml");
            }

            if (app.Flag("--data") is null)
            {
                problems.Add($"{app}: no --data");
            }

            if (app.Env("ASH_DAPR").Text() != "true" || !app.Env("ASH_DAPR").IsString())
            {
                problems.Add($"{app}: env ASH_DAPR must be the string \"true\"");
            }
        }

        var restPorts = Template.Apps.Select(app => app.Flag("--port")).Concat(Template.Apps.Select(app => app.AppPort.Text())).ToList();
        if (restPorts.Distinct().Count() != restPorts.Count)
        {
            problems.Add("every --port and appPort must be distinct on one machine");
        }

        var agentsDirectories = Template.Apps.Select(app => app.Flag("--agents-dir") is { } dir ? Path.GetFullPath(Path.Combine(app.DirectoryPath, dir)) : null).Distinct().ToList();
        if (agentsDirectories.Count != 1 || agentsDirectories[0] is null)
        {
            problems.Add("every app must name the same --agents-dir: sandbox hosts find deployed agents there");
        }

        var dataDirectories = Template.Apps.Select(app => Path.GetFullPath(Path.Combine(app.DirectoryPath, app.Flag("--data") ?? string.Empty))).ToList();
        if (dataDirectories.Distinct().Count() != dataDirectories.Count)
        {
            problems.Add("every app needs its own --data directory");
        }

        // The read model belongs to the sessions app; sandbox hosts keep none.
        var databases = Template.Apps.Where(app => app.Flag("--role") == "api,sessions").Select(app => app.Flag("--database")).ToList();
        if (databases.Count != 1 || databases[0] is null)
        {
            problems.Add($"the api,sessions app must name its read model (--database), found {string.Join(", ", databases)}");
        }

        if (Template.Apps.Any(app => app.Flag("--role") == "sandbox-host" && app.Flag("--database") is not null))
        {
            problems.Add("sandbox hosts keep no read model: no --database");
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void RunTemplate_ApiApp_RunsApiAndSessionsOnPort4100()
    {
        var api = Assert.Single(Template.Apps, app => app.AppId == "ash-api");
        Assert.Equal("api,sessions", api.Flag("--role"));
        Assert.Equal("4100", api.Flag("--port"));
        Assert.Equal("5100", api.AppPort.Text());
        Assert.Null(api.Flag("--node"));
    }

    [Fact]
    public void RunTemplate_SandboxHosts_HaveDistinctNodesAndOneSharedDirectory()
    {
        var hosts = Template.Apps.Where(app => app.Flag("--role") == "sandbox-host").ToList();
        Assert.Equal(["ash-node-a", "ash-node-b"], hosts.Select(app => app.AppId).Order(StringComparer.Ordinal));

        var nodes = hosts.Select(app => app.Flag("--node")).ToList();
        Assert.All(nodes, node => Assert.Matches(NodeName(), node ?? string.Empty));
        Assert.Equal(nodes.Distinct().Count(), nodes.Count);
        Assert.All(hosts, host => Assert.Equal("ash-node-" + host.Flag("--node"), host.AppId));

        var shared = hosts.Select(app => app.Flag("--shared-dir") is { } dir ? Path.GetFullPath(Path.Combine(app.DirectoryPath, dir)) : null).Distinct().ToList();
        var directory = Assert.Single(shared);
        Assert.NotNull(directory);
    }

    [Fact]
    public void RunTemplate_EveryApp_RolesComeFromTheKnownSet()
    {
        Assert.All(Template.Apps, app =>
        {
            var roles = (app.Flag("--role") ?? string.Empty).Split(',');
            Assert.NotEmpty(roles);
            Assert.All(roles, role => Assert.Contains(role, new[] { "api", "sessions", "sandbox-host" }));
        });
    }

    /// <summary>Node names ash-server accepts (a sandbox host registers the actor type sandbox-&lt;node&gt;).</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,40}$")]
    internal static partial Regex NodeName();
}
