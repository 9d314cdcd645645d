using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ash.Dapr.Tests.Manifests;

/// <summary>One YAML document of one file (a file may hold several, separated by ---).</summary>
internal sealed record Manifest(string File, int Index, YamlMappingNode Root)
{
    public string RelativeFile => Repository.Relative(File);

    public string Directory => Path.GetDirectoryName(File)!;

    public string? ApiVersion => Root.Text("apiVersion");

    public string? Kind => Root.Text("kind");

    public string? Name => Root.Text("metadata", "name");

    public string? Namespace => Root.Text("metadata", "namespace");

    public bool IsDapr => ApiVersion == "dapr.io/v1alpha1";

    public bool InComponents => RelativeFile.StartsWith("components/", StringComparison.Ordinal);

    public bool InDeploy => RelativeFile.StartsWith("deploy/", StringComparison.Ordinal);

    public override string ToString() => $"{RelativeFile}#{Index} {Kind} {Name}";
}

/// <summary>Every document of every YAML file, parsed once per test run.</summary>
internal static class Catalog
{
    private static readonly Lazy<IReadOnlyList<Manifest>> Loaded = new(Load);

    public static IReadOnlyList<Manifest> All => Loaded.Value;

    public static IEnumerable<Manifest> OfKind(string kind) => All.Where(manifest => manifest.Kind == kind);

    public static IEnumerable<Manifest> Dapr(string kind) => All.Where(manifest => manifest.IsDapr && manifest.Kind == kind);

    public static IEnumerable<Manifest> Kubernetes => All.Where(manifest => manifest.InDeploy);

    public static IEnumerable<Manifest> SelfHosted => All.Where(manifest => manifest.InComponents);

    /// <summary>The run template, dapr.yaml at the repository root.</summary>
    public static Manifest RunTemplate => All.Single(manifest => manifest.RelativeFile == "dapr.yaml");

    /// <summary>Parses one file; documents that are empty (only comments) are skipped.</summary>
    public static IReadOnlyList<Manifest> Parse(string file)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(file);
            stream.Load(reader);
        }
        catch (YamlException exception)
        {
            // YamlDotNet's message has the line but not the file.
            throw new InvalidDataException($"{Repository.Relative(file)}: {exception.Message}", exception);
        }

        var manifests = new List<Manifest>();
        for (var index = 0; index < stream.Documents.Count; index++)
        {
            switch (stream.Documents[index].RootNode)
            {
                case YamlMappingNode root:
                    manifests.Add(new Manifest(file, index, root));
                    break;
                case YamlScalarNode { Value: null or "" }:
                    break;
                default:
                    throw new InvalidDataException($"{Repository.Relative(file)} document {index} is not a mapping");
            }
        }

        return manifests;
    }

    private static IReadOnlyList<Manifest> Load() => Repository.YamlFiles().SelectMany(Parse).ToList();
}
