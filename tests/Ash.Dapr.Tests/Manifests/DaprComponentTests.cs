using Ash.Dapr.Client;
namespace Ash.Dapr.Tests.Manifests;

/// <summary>Dapr Component resources, self-hosted (components/) and Kubernetes (deploy/).</summary>
public sealed class DaprComponentTests
{
    private static IReadOnlyList<Manifest> Components => Catalog.Dapr("Component").ToList();

    private static bool IsActorStateStore(Manifest component) =>
        component.Root.At("spec", "metadata").Items().Any(entry => entry.Text("name") == "actorStateStore" && entry.Text("value") == "true");

    private static string? Metadata(Manifest component, string name) =>
        component.Root.At("spec", "metadata").Items().FirstOrDefault(entry => entry.Text("name") == name).Text("value");

    [Fact]
    public void Components_Exist_InBothEnvironments()
    {
        Assert.Contains(Components, component => component.InComponents);
        Assert.Contains(Components, component => component.InDeploy);
    }

    [Fact]
    public void Component_Shape_MatchesTheDaprSchema()
    {
        var problems = new List<string>();
        foreach (var component in Components)
        {
            if (component.Name is not { Length: > 0 })
            {
                problems.Add($"{component}: metadata.name missing");
            }

            if (component.Root.Text("spec", "type") is not { Length: > 0 } type || !type.Contains('.', StringComparison.Ordinal))
            {
                problems.Add($"{component}: spec.type must be like state.sqlite");
            }

            if (component.Root.Text("spec", "version") is not { } version || !version.StartsWith('v'))
            {
                problems.Add($"{component}: spec.version must be like v1");
            }

            if (component.Root.At("spec", "metadata") is not YamlDotNet.RepresentationModel.YamlSequenceNode entries)
            {
                problems.Add($"{component}: spec.metadata must be a list");
                continue;
            }

            foreach (var entry in entries)
            {
                var name = entry.Text("name");
                var value = entry.Child("value");
                var secret = entry.Child("secretKeyRef");
                if (name is not { Length: > 0 })
                {
                    problems.Add($"{component}: a metadata entry has no name");
                }
                else if ((value is null) == (secret is null))
                {
                    problems.Add($"{component}: {name} needs exactly one of value and secretKeyRef");
                }
                else if (value is not null && !(value.IsString() || value.Text() == string.Empty))
                {
                    problems.Add($"{component}: {name} must be a string (quote it)");
                }
                else if (secret is not null && (secret.Text("name") is not { Length: > 0 } || secret.Text("key") is not { Length: > 0 }))
                {
                    problems.Add($"{component}: {name} secretKeyRef needs name and key");
                }

                if (entry.Entries().Any(pair => pair.Key is not ("name" or "value" or "secretKeyRef")))
                {
                    problems.Add($"{component}: {name} has keys other than name, value, secretKeyRef");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Component_Names_AreTheOnesAshUses()
    {
        Assert.All(Components, component =>
        {
            var type = component.Root.Text("spec", "type") ?? string.Empty;
            var expected = type.StartsWith("state.", StringComparison.Ordinal) ? "ash-state"
                : type.StartsWith("pubsub.", StringComparison.Ordinal) ? "ash-pubsub"
                : type.StartsWith("secretstores.", StringComparison.Ordinal) ? component.Name
                : null;
            Assert.True(expected is not null, $"{component}: only state, pubsub and secret store components are expected");
            Assert.Equal(expected, component.Name);
        });
    }

    [Fact]
    public void StateStores_AreActorStateStoresOfASupportedType()
    {
        var stores = Components.Where(component => component.Name == "ash-state").ToList();
        Assert.NotEmpty(stores);
        Assert.All(stores, store =>
        {
            Assert.True(IsActorStateStore(store), $"{store}: actorStateStore must be \"true\"");
            var type = (store.Root.Text("spec", "type"), store.Root.Text("spec", "version"));
            Assert.True(type is ("state.sqlite", "v1") or ("state.postgresql", "v2"), $"{store}: {type} (§2.4-2.5: sqlite v1 or postgresql v2)");
            if (type.Item1 == "state.sqlite")
            {
                Assert.True(GoDuration.TryParse(Metadata(store, "busyTimeout"), out _), $"{store}: busyTimeout must be a Go duration");
                Assert.NotNull(Metadata(store, "connectionString"));
            }
        });

        // Kubernetes spreads actors over pods and nodes: they need one shared store, never a SQLite file (§2.4).
        Assert.All(stores.Where(store => store.InDeploy), store => Assert.Equal("state.postgresql", store.Root.Text("spec", "type")));
    }

    [Fact]
    public void PubSub_IsRedisStreamsWithAConsumerGroupPerSidecar()
    {
        var pubsubs = Components.Where(component => component.Name == "ash-pubsub").ToList();
        Assert.NotEmpty(pubsubs);
        Assert.All(pubsubs, pubsub =>
        {
            Assert.Equal("pubsub.redis", pubsub.Root.Text("spec", "type"));
            Assert.NotNull(Metadata(pubsub, "redisHost"));
            var consumer = Metadata(pubsub, "consumerID") ?? string.Empty;
            Assert.True(consumer.Contains("{uuid}", StringComparison.Ordinal) || consumer.Contains("{podName}", StringComparison.Ordinal),
                $"{pubsub}: consumerID {consumer} must be unique per sidecar ({{uuid}} or {{podName}}) so every API replica gets every event");
            Assert.Equal("1", Metadata(pubsub, "concurrency"));
            Assert.True(long.TryParse(Metadata(pubsub, "maxLenApprox"), out var length) && length > 0, $"{pubsub}: maxLenApprox must bound the stream");
            foreach (var name in new[] { "processingTimeout", "redeliverInterval" })
            {
                var value = Metadata(pubsub, name);
                Assert.True(value is null || GoDuration.TryParse(value, out _) || long.TryParse(value, out _), $"{pubsub}: {name} {value}");
            }
        });
    }

    [Fact]
    public void EachResourcesDirectory_HasAtMostOneActorStateStore()
    {
        Assert.All(Components.GroupBy(component => component.Directory), directory =>
        {
            Assert.True(directory.Count(IsActorStateStore) <= 1, $"{Repository.Relative(directory.Key)} offers Dapr more than one actor state store (§1.1)");
            Assert.Equal(directory.Count(), directory.Select(component => component.Name).Distinct().Count());
        });
    }

    [Fact]
    public void EverySelfHostedResourceSet_HasExactlyOneActorStateStoreAndWhatItReferences()
    {
        var sets = RunTemplate.Current.Apps.Select(app => (Name: $"dapr.yaml app {app}", Paths: app.ResourcesPaths)).ToList();

        // Each alternative state-store directory (components/sqlite, components/postgres) swapped into the
        // common paths, as docs/dapr.md tells users to do.
        var storeDirectories = Components.Where(component => component.InComponents && component.Name == "ash-state").Select(component => component.Directory).Distinct().ToList();
        var others = RunTemplate.Current.CommonResourcesPaths.Except(storeDirectories).ToList();
        sets.AddRange(storeDirectories.Select(directory => (Name: $"{Repository.Relative(directory)} + common", Paths: (IReadOnlyList<string>)[.. others, directory])));

        var appIds = RunTemplate.Current.Apps.Select(app => app.AppId).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (name, paths) in sets)
        {
            var loaded = Components.Where(component => paths.Contains(component.Directory)).ToList();
            problems.AddRange(ResourceSetProblems(name, loaded, appIds, secretStores: loaded));
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void KubernetesComponents_HaveExactlyOneActorStateStoreAndExistingSecrets()
    {
        var loaded = Components.Where(component => component.InDeploy).ToList();
        var problems = ResourceSetProblems("deploy/", loaded, Kubernetes.DaprAppIds(), secretStores: []).ToList();

        foreach (var component in loaded)
        {
            foreach (var secret in component.Root.At("spec", "metadata").Items().Select(entry => entry.Child("secretKeyRef")).Where(secret => secret is not null))
            {
                if (!Kubernetes.SecretHasKey(secret.Text("name"), secret.Text("key")))
                {
                    problems.Add($"{component}: secret {secret.Text("name")}/{secret.Text("key")} is not defined in deploy/");
                }
            }

            if (component.Namespace != Kubernetes.NamespaceName)
            {
                problems.Add($"{component}: metadata.namespace must be {Kubernetes.NamespaceName}");
            }
        }

        Assert.Empty(problems);
    }

    /// <summary>What one sidecar would load: one actor store, unique names, both Ash components, references that resolve.</summary>
    private static IEnumerable<string> ResourceSetProblems(string name, IReadOnlyList<Manifest> loaded, IReadOnlySet<string> appIds, IReadOnlyList<Manifest> secretStores)
    {
        var actorStores = loaded.Count(IsActorStateStore);
        if (actorStores != 1)
        {
            yield return $"{name}: {actorStores} actor state stores; Dapr needs exactly one (§1.1)";
        }

        foreach (var duplicate in loaded.GroupBy(component => component.Name).Where(group => group.Count() > 1))
        {
            yield return $"{name}: component {duplicate.Key} defined {duplicate.Count()} times";
        }

        foreach (var required in new[] { "ash-state", "ash-pubsub" }.Where(required => loaded.All(component => component.Name != required)))
        {
            yield return $"{name}: no {required}";
        }

        foreach (var component in loaded)
        {
            foreach (var scope in component.Root.Child("scopes").Items().Select(item => item.Text()).Where(scope => !appIds.Contains(scope ?? string.Empty)))
            {
                yield return $"{component}: scope {scope} is no app id ({string.Join(", ", appIds)})";
            }

            var usesSecrets = component.Root.At("spec", "metadata").Items().Any(entry => entry.Child("secretKeyRef") is not null);
            var store = component.Root.Text("auth", "secretStore");
            if (store is not null && !secretStores.Any(candidate => candidate.Name == store && (candidate.Root.Text("spec", "type") ?? string.Empty).StartsWith("secretstores.", StringComparison.Ordinal)))
            {
                yield return $"{component}: auth.secretStore {store} is not loaded with it";
            }

            // Self-hosted Dapr has no default secret store; Kubernetes falls back to its built-in one.
            if (usesSecrets && store is null && component.InComponents)
            {
                yield return $"{component}: a secretKeyRef needs auth.secretStore in self-hosted mode";
            }
        }
    }
}
