using YamlDotNet.RepresentationModel;

namespace Ash.Dapr.Tests.Manifests;

/// <summary>Look-ups over the Kubernetes objects in deploy/.</summary>
internal static class Kubernetes
{
    public static readonly string[] WorkloadKinds = ["Deployment", "DaemonSet", "StatefulSet"];

    /// <summary>Kinds that live in a namespace (everything in deploy/ but the Namespace itself).</summary>
    public static string NamespaceName => Catalog.Kubernetes.Single(manifest => manifest.Kind == "Namespace").Name!;

    public static IEnumerable<Manifest> Workloads => Catalog.Kubernetes.Where(manifest => WorkloadKinds.Contains(manifest.Kind));

    public static Manifest Object(string kind, string name) =>
        Catalog.Kubernetes.Single(manifest => manifest.Kind == kind && manifest.Name == name);

    public static IEnumerable<Manifest> Objects(string kind) => Catalog.Kubernetes.Where(manifest => manifest.Kind == kind);

    public static YamlNode? PodTemplate(Manifest workload) => workload.Root.At("spec", "template");

    public static IReadOnlyList<YamlNode> Containers(Manifest workload) =>
        [.. PodTemplate(workload).At("spec", "containers").Items(), .. PodTemplate(workload).At("spec", "initContainers").Items()];

    public static YamlNode? Annotation(Manifest workload, string name) => PodTemplate(workload).At("metadata", "annotations").Child(name);

    public static bool DaprEnabled(Manifest workload) => Annotation(workload, "dapr.io/enabled").Text() == "true";

    public static IReadOnlySet<string> DaprAppIds() =>
        Workloads.Where(DaprEnabled).Select(workload => Annotation(workload, "dapr.io/app-id").Text() ?? string.Empty).ToHashSet(StringComparer.Ordinal);

    public static YamlNode? Env(YamlNode container, string name) =>
        container.Child("env").Items().FirstOrDefault(entry => entry.Text("name") == name);

    public static bool SecretHasKey(string? name, string? key) =>
        Objects("Secret").Any(secret => secret.Name == name
            && (secret.Root.Child("stringData").Child(key ?? string.Empty) is not null || secret.Root.Child("data").Child(key ?? string.Empty) is not null));

    public static string? SecretValue(string name, string key) => Objects("Secret").Single(secret => secret.Name == name).Root.Text("stringData", key);

    public static IReadOnlyDictionary<string, string> Labels(YamlNode? node) =>
        node.Entries().ToDictionary(entry => entry.Key, entry => entry.Value.Text() ?? string.Empty, StringComparer.Ordinal);
}
