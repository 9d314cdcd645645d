namespace Ash.Dapr.Tests.Manifests;

/// <summary>
/// Every YAML file Dapr or Kubernetes may read is parsed, and every document in it is of a kind the other
/// tests in this folder check: a new file or kind fails here until a check covers it.
/// </summary>
public sealed class ManifestCoverageTests
{
    /// <summary>apiVersion/kind of what components/ may hold (self-hosted Dapr resources).</summary>
    private static readonly HashSet<string> SelfHostedKinds = ["dapr.io/v1alpha1/Component", "dapr.io/v1alpha1/Configuration", "dapr.io/v1alpha1/Resiliency"];

    /// <summary>apiVersion/kind of what deploy/ may hold, each checked by KubernetesTests or the Dapr tests.</summary>
    private static readonly HashSet<string> KubernetesKinds =
    [
        .. SelfHostedKinds,
        "v1/Namespace", "v1/Secret", "v1/Service", "v1/ServiceAccount", "v1/PersistentVolumeClaim",
        "apps/v1/Deployment", "apps/v1/DaemonSet", "apps/v1/StatefulSet",
    ];

    [Fact]
    public void EveryYamlFile_ParsesToAtLeastOneDocument()
    {
        var files = Repository.YamlFiles();
        Assert.Contains(Repository.PathOf("dapr.yaml"), files);
        Assert.All(files, file => Assert.NotEmpty(Catalog.Parse(file)));
        Assert.Equal(files.Count, Catalog.All.Select(manifest => manifest.File).Distinct().Count());
    }

    [Fact]
    public void EveryDocument_IsOfAKindTheTestsCheck()
    {
        var problems = new List<string>();
        foreach (var manifest in Catalog.All)
        {
            if (manifest.RelativeFile == "dapr.yaml")
            {
                if (manifest.Index != 0 || manifest.Root.Child("apps") is null)
                {
                    problems.Add($"{manifest}: dapr.yaml must be one run template with apps (RunTemplateTests)");
                }

                continue;
            }

            var kind = $"{manifest.ApiVersion}/{manifest.Kind}";
            var allowed = manifest.InComponents ? SelfHostedKinds : KubernetesKinds;
            if (!allowed.Contains(kind))
            {
                problems.Add($"{manifest}: {kind} is not checked by any test here; add checks for it and list it in {nameof(ManifestCoverageTests)}");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void ComponentsFolder_HoldsOnlyYaml()
    {
        var others = Directory.EnumerateFiles(Repository.PathOf("components"), "*", SearchOption.AllDirectories)
            .Where(file => !file.EndsWith(".yaml", StringComparison.Ordinal) && !file.EndsWith(".yml", StringComparison.Ordinal))
            .Select(Repository.Relative)
            .ToList();
        Assert.Empty(others);
    }
}
