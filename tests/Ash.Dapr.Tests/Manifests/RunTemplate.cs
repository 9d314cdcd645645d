using YamlDotNet.RepresentationModel;

namespace Ash.Dapr.Tests.Manifests;

/// <summary>
/// dapr.yaml read the way the Dapr CLI reads it (dapr-http-api.md §6): appDirPath and `common` paths are
/// relative to the template file, an app's other paths to its appDirPath; app values win over `common`,
/// `env` maps merge.
/// </summary>
internal sealed class RunTemplate
{
    private RunTemplate(Manifest manifest)
    {
        Manifest = manifest;
        var common = manifest.Root.Child("common");
        BaseDirectory = manifest.Directory;
        Apps = manifest.Root.Child("apps").Items().Select(app => new RunApp(this, common, app)).ToList();
    }

    public static RunTemplate Current { get; } = new(Catalog.RunTemplate);

    public Manifest Manifest { get; }

    public string BaseDirectory { get; }

    public IReadOnlyList<RunApp> Apps { get; }

    public IReadOnlyList<string> CommonResourcesPaths =>
        Manifest.Root.At("common", "resourcesPaths").Items().Select(item => Resolve(BaseDirectory, item.Text())).ToList();

    public static string Resolve(string baseDirectory, string? path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path ?? string.Empty));
}

internal sealed class RunApp
{
    private readonly YamlNode? _common;
    private readonly YamlNode _app;

    public RunApp(RunTemplate template, YamlNode? common, YamlNode app)
    {
        _common = common;
        _app = app;
        DirectoryPath = RunTemplate.Resolve(template.BaseDirectory, app.Text("appDirPath"));
        AppId = app.Text("appID") ?? Path.GetFileName(DirectoryPath.TrimEnd('/'));
        Command = app.Child("command").Items().Select(item => item.Text() ?? string.Empty).ToList();

        // Precedence (§6): the app's own list, then <appDirPath>/.dapr/resources, then common's; never merged.
        ResourcesPaths = app.Child("resourcesPaths") is { } own
            ? own.Items().Select(item => RunTemplate.Resolve(DirectoryPath, item.Text())).ToList()
            : Directory.Exists(Path.Combine(DirectoryPath, ".dapr", "resources"))
                ? [Path.Combine(DirectoryPath, ".dapr", "resources")]
                : template.CommonResourcesPaths;
        ConfigFilePath = app.Text("configFilePath") is { } config
            ? RunTemplate.Resolve(DirectoryPath, config)
            : common.Text("configFilePath") is { } shared ? RunTemplate.Resolve(template.BaseDirectory, shared) : null;
    }

    public string AppId { get; }

    public string DirectoryPath { get; }

    public IReadOnlyList<string> Command { get; }

    public IReadOnlyList<string> ResourcesPaths { get; }

    public string? ConfigFilePath { get; }

    public YamlNode? AppPort => _app.Child("appPort");

    public YamlNode? DaprHttpPort => _app.Child("daprHTTPPort");

    public YamlNode? DaprGrpcPort => _app.Child("daprGRPCPort");

    /// <summary>The value following <paramref name="flag"/> in the command, or null.</summary>
    public string? Flag(string flag)
    {
        var index = Command.ToList().IndexOf(flag);
        return index >= 0 && index + 1 < Command.Count ? Command[index + 1] : null;
    }

    /// <summary>An env var as the app sees it: the app's env map over common's.</summary>
    public YamlNode? Env(string name) => _app.At("env", name) ?? _common.At("env", name);

    public override string ToString() => AppId;
}
