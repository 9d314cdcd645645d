using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Ash.Dapr.Tests.Manifests;

/// <summary>The Kubernetes objects in deploy/: structure, references between them, and what Ash needs.</summary>
public sealed partial class KubernetesTests
{
    [Fact]
    public void Objects_HaveApiVersionKindNameAndTheAshNamespace()
    {
        var problems = new List<string>();
        foreach (var manifest in Catalog.Kubernetes)
        {
            if (manifest.ApiVersion is not { Length: > 0 } || manifest.Kind is not { Length: > 0 })
            {
                problems.Add($"{manifest}: apiVersion and kind are required");
            }

            if (manifest.Name is not { } name || !DnsLabel().IsMatch(name))
            {
                problems.Add($"{manifest}: metadata.name must be a DNS-1123 label");
            }

            if (manifest.Kind != "Namespace" && manifest.Namespace != Kubernetes.NamespaceName)
            {
                problems.Add($"{manifest}: metadata.namespace must be {Kubernetes.NamespaceName}");
            }
        }

        var keys = Catalog.Kubernetes.Select(manifest => $"{manifest.Kind}/{manifest.Name}").ToList();
        problems.AddRange(keys.GroupBy(key => key).Where(group => group.Count() > 1).Select(group => $"{group.Key} is defined twice"));
        Assert.Empty(problems);
    }

    [Fact]
    public void Workloads_SelectorsMatchTheirPodLabels_AndServicesSelectAWorkloadPort()
    {
        var problems = new List<string>();
        foreach (var workload in Kubernetes.Workloads)
        {
            var selector = Kubernetes.Labels(workload.Root.At("spec", "selector", "matchLabels"));
            var labels = Kubernetes.Labels(Kubernetes.PodTemplate(workload).At("metadata", "labels"));
            if (selector.Count == 0 || selector.Any(pair => !labels.TryGetValue(pair.Key, out var value) || value != pair.Value))
            {
                problems.Add($"{workload}: spec.selector.matchLabels must be non-empty and match the pod template's labels");
            }
        }

        foreach (var service in Kubernetes.Objects("Service"))
        {
            var selector = Kubernetes.Labels(service.Root.At("spec", "selector"));
            var targets = Kubernetes.Workloads.Where(workload =>
            {
                var labels = Kubernetes.Labels(Kubernetes.PodTemplate(workload).At("metadata", "labels"));
                return selector.Count > 0 && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
            }).ToList();
            if (targets.Count == 0)
            {
                problems.Add($"{service}: its selector matches no workload's pods");
                continue;
            }

            foreach (var port in service.Root.At("spec", "ports").Items())
            {
                var target = port.Text("targetPort") ?? port.Text("port");
                if (!targets.All(workload => ContainerPorts(workload).Any(declared => declared.Name == target || declared.Number == target)))
                {
                    problems.Add($"{service}: targetPort {target} is no container port of {string.Join(", ", targets)}");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Workloads_ReferenceOnlyObjectsDefinedInDeploy()
    {
        var problems = new List<string>();
        foreach (var workload in Kubernetes.Workloads)
        {
            var pod = Kubernetes.PodTemplate(workload).Child("spec");
            var volumes = pod.Child("volumes").Items();
            var claimTemplates = workload.Root.At("spec", "volumeClaimTemplates").Items().Select(claim => claim.Text("metadata", "name")).ToList();

            if (pod.Text("serviceAccountName") is { } account && !Kubernetes.Objects("ServiceAccount").Any(candidate => candidate.Name == account))
            {
                problems.Add($"{workload}: ServiceAccount {account} is not defined in deploy/");
            }

            foreach (var volume in volumes)
            {
                if (volume.Text("persistentVolumeClaim", "claimName") is { } claim && !Kubernetes.Objects("PersistentVolumeClaim").Any(candidate => candidate.Name == claim))
                {
                    problems.Add($"{workload}: PersistentVolumeClaim {claim} is not defined in deploy/");
                }

                if (volume.Text("secret", "secretName") is { } secret && !Kubernetes.Objects("Secret").Any(candidate => candidate.Name == secret))
                {
                    problems.Add($"{workload}: Secret {secret} is not defined in deploy/");
                }

                if (volume.Text("configMap", "name") is { } map && !Kubernetes.Objects("ConfigMap").Any(candidate => candidate.Name == map))
                {
                    problems.Add($"{workload}: ConfigMap {map} is not defined in deploy/");
                }
            }

            foreach (var container in Kubernetes.Containers(workload))
            {
                var name = container.Text("name");
                foreach (var mount in container.Child("volumeMounts").Items().Select(mount => mount.Text("name")))
                {
                    if (!volumes.Any(volume => volume.Text("name") == mount) && !claimTemplates.Contains(mount))
                    {
                        problems.Add($"{workload} {name}: volumeMount {mount} names no volume");
                    }
                }

                foreach (var entry in container.Child("env").Items())
                {
                    var variable = entry.Text("name");
                    if (entry.Child("value") is { } value && !value.IsString() && value.Text() != string.Empty)
                    {
                        problems.Add($"{workload} {name}: env {variable} must be a string (quote it)");
                    }

                    if (entry.At("valueFrom", "secretKeyRef") is { } reference && !Kubernetes.SecretHasKey(reference.Text("name"), reference.Text("key")))
                    {
                        problems.Add($"{workload} {name}: env {variable} reads {reference.Text("name")}/{reference.Text("key")}, not defined in deploy/");
                    }

                    if (entry.At("valueFrom", "configMapKeyRef") is { } map && !Kubernetes.Objects("ConfigMap").Any(candidate => candidate.Name == map.Text("name")))
                    {
                        problems.Add($"{workload} {name}: env {variable} reads ConfigMap {map.Text("name")}, not defined in deploy/");
                    }
                }

                foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
                {
                    if (container.At(probe, "httpGet", "port").Text() is { } port && !ContainerPorts(workload).Any(declared => declared.Name == port || declared.Number == port))
                    {
                        problems.Add($"{workload} {name}: {probe} port {port} is no container port");
                    }
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void DaprWorkloads_HaveStringAnnotationsAnAppPortAndAnExistingConfiguration()
    {
        var problems = new List<string>();
        var daprWorkloads = Kubernetes.Workloads.Where(Kubernetes.DaprEnabled).ToList();
        Assert.Equal(["ash-api", "ash-sandbox-host"], daprWorkloads.Select(workload => Kubernetes.Annotation(workload, "dapr.io/app-id").Text()).Order(StringComparer.Ordinal));

        foreach (var workload in daprWorkloads)
        {
            var annotations = Kubernetes.PodTemplate(workload).At("metadata", "annotations").Entries();
            problems.AddRange(annotations.Where(pair => pair.Key.StartsWith("dapr.io/", StringComparison.Ordinal) && !(pair.Value is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.DoubleQuoted or YamlDotNet.Core.ScalarStyle.SingleQuoted }))
                .Select(pair => $"{workload}: annotation {pair.Key} must be a quoted string"));

            // daprd calls the app's own listener on the pod's loopback (issue 12): it is APP_PORT in the container,
            // not the REST port, and no declared containerPort (nothing outside the pod is meant to reach it).
            var appPort = Kubernetes.Annotation(workload, "dapr.io/app-port").Text();
            if (appPort is null || ContainerPorts(workload).Any(port => port.Number == appPort))
            {
                problems.Add($"{workload}: dapr.io/app-port {appPort} must be set and be no declared containerPort (it listens on loopback)");
            }

            // Required: without the app token the app does not start (issue 12).
            if (!int.TryParse(Kubernetes.Annotation(workload, "dapr.io/grpc-port").Text(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var grpcPort) || grpcPort is < 1 or > 65535)
            {
                problems.Add($"{workload}: dapr.io/grpc-port must name daprd's gRPC port (publish and metadata go over it)");
            }

            if (Kubernetes.Annotation(workload, "dapr.io/app-token-secret").Text() is null)
            {
                problems.Add($"{workload}: dapr.io/app-token-secret is required");
            }

            var config = Kubernetes.Annotation(workload, "dapr.io/config").Text();
            if (!Catalog.Dapr("Configuration").Any(configuration => configuration.InDeploy && configuration.Name == config))
            {
                problems.Add($"{workload}: dapr.io/config {config} names no Configuration in deploy/");
            }

            foreach (var annotation in new[] { "dapr.io/api-token-secret", "dapr.io/app-token-secret" })
            {
                if (Kubernetes.Annotation(workload, annotation).Text() is { } secret && !Kubernetes.SecretHasKey(secret, "token"))
                {
                    problems.Add($"{workload}: {annotation} {secret} needs a Secret with key `token` in deploy/");
                }
            }

            // The injector does not give the app the sidecar's API token (§7.1): the app must read the same secret.
            if (Kubernetes.Annotation(workload, "dapr.io/api-token-secret").Text() is { } apiToken
                && Kubernetes.Containers(workload).Any(container => Kubernetes.Env(container, "DAPR_API_TOKEN").At("valueFrom", "secretKeyRef").Text("name") != apiToken))
            {
                problems.Add($"{workload}: DAPR_API_TOKEN must come from {apiToken}");
            }

            if (Kubernetes.Annotation(workload, "dapr.io/app-token-secret").Text() is { } appToken
                && Kubernetes.Containers(workload).Any(container => Kubernetes.Env(container, "APP_API_TOKEN").At("valueFrom", "secretKeyRef").Text("name") != appToken))
            {
                problems.Add($"{workload}: APP_API_TOKEN must come from {appToken}");
            }

            foreach (var container in Kubernetes.Containers(workload))
            {
                if (Kubernetes.Env(container, "ASH_DAPR").Text("value") != "true")
                {
                    problems.Add($"{workload}: ASH_DAPR must be \"true\"");
                }

                // The injector gives the app DAPR_GRPC_PORT from dapr.io/grpc-port; a value set here would point the SDK's
                // DaprClient (publish, metadata) elsewhere than daprd's gRPC API.
                if (Kubernetes.Env(container, "DAPR_GRPC_PORT") is not null || Kubernetes.Env(container, "DAPR_GRPC_ENDPOINT") is not null)
                {
                    problems.Add($"{workload}: DAPR_GRPC_PORT comes from the injector (dapr.io/grpc-port), not from the manifest");
                }

                if (Kubernetes.Env(container, "APP_PORT").Text("value") != appPort)
                {
                    problems.Add($"{workload}: APP_PORT must equal dapr.io/app-port {appPort}");
                }

                var restPort = Kubernetes.Env(container, "ASH_PORT").Text("value");
                if (restPort == appPort || !ContainerPorts(workload).Any(port => port.Number == restPort))
                {
                    problems.Add($"{workload}: ASH_PORT {restPort} must be a declared containerPort other than dapr.io/app-port");
                }

                if (Kubernetes.Env(container, "ASH_DAPR_APP_HOST") is not null || Kubernetes.Env(container, "ASH_DAPR_ALLOW_UNAUTHENTICATED_APP") is not null)
                {
                    problems.Add($"{workload}: the app listener stays on loopback and the app token stays required");
                }

                // Kubelet probes and daprd must reach the server; 127.0.0.1 would refuse the probes.
                if (Kubernetes.Env(container, "ASH_HOST").Text("value") != "0.0.0.0")
                {
                    problems.Add($"{workload}: ASH_HOST must be 0.0.0.0 in a container");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void ApiDeployment_RunsApiAndSessionsOnPostgres_WithHealthProbes()
    {
        var api = Kubernetes.Object("Deployment", "ash-api");
        Assert.Equal("ash-api", Kubernetes.Annotation(api, "dapr.io/app-id").Text());
        var container = Assert.Single(Kubernetes.Containers(api));
        Assert.Equal("api,sessions", Kubernetes.Env(container, "ASH_ROLES").Text("value"));

        // Several replicas share the read model: PostgreSQL, from a Secret.
        var database = Kubernetes.Env(container, "ASH_DATABASE_URL").At("valueFrom", "secretKeyRef");
        Assert.NotNull(database);
        Assert.StartsWith("postgres://", Kubernetes.SecretValue(database.Text("name")!, database.Text("key")!));

        Assert.Equal("/health", container.Text("readinessProbe", "httpGet", "path"));
        Assert.NotNull(container.At("livenessProbe", "httpGet", "path"));
        Assert.Contains(Kubernetes.Objects("Service"), service => service.Name == "ash-api");
    }

    [Fact]
    public void SandboxHostDaemonSet_HasCgroupsPrivilegesAndItsNodeName()
    {
        var host = Kubernetes.Object("DaemonSet", "ash-sandbox-host");
        Assert.Equal("ash-sandbox-host", Kubernetes.Annotation(host, "dapr.io/app-id").Text());
        var container = Assert.Single(Kubernetes.Containers(host));
        Assert.Equal("sandbox-host", Kubernetes.Env(container, "ASH_ROLES").Text("value"));
        Assert.Equal("spec.nodeName", Kubernetes.Env(container, "ASH_NODE").Text("valueFrom", "fieldRef", "fieldPath"));

        // bwrap's namespaces and /proc mount plus writable cgroups (31-sandbox-host.yaml explains why privileged).
        Assert.Equal("true", container.Text("securityContext", "privileged"));

        var volumes = Kubernetes.PodTemplate(host).At("spec", "volumes").Items();
        var cgroup = Assert.Single(volumes, volume => volume.Text("hostPath", "path") == "/sys/fs/cgroup");
        var mount = Assert.Single(container.Child("volumeMounts").Items(), mount => mount.Text("name") == cgroup.Text("name"));
        Assert.Equal("/sys/fs/cgroup", mount.Text("mountPath"));
        Assert.NotEqual("true", mount.Text("readOnly"));
    }

    [Fact]
    public void SharedDirectory_IsAReadWriteManyClaim_MountedWhereAshSharedDirPoints()
    {
        var problems = new List<string>();
        foreach (var workload in Kubernetes.Workloads.Where(Kubernetes.DaprEnabled))
        {
            var container = Kubernetes.Containers(workload)[0];
            var path = Kubernetes.Env(container, "ASH_SHARED_DIR").Text("value");
            var mount = container.Child("volumeMounts").Items().FirstOrDefault(candidate => candidate.Text("mountPath") == path);
            var claim = Kubernetes.PodTemplate(workload).At("spec", "volumes").Items()
                .FirstOrDefault(volume => volume.Text("name") == mount.Text("name")).Text("persistentVolumeClaim", "claimName");
            var pvc = Kubernetes.Objects("PersistentVolumeClaim").FirstOrDefault(candidate => candidate.Name == claim);
            if (path is null || pvc is null || !pvc.Root.At("spec", "accessModes").Items().Any(mode => mode.Text() == "ReadWriteMany"))
            {
                problems.Add($"{workload}: ASH_SHARED_DIR ({path}) must be the mount of a ReadWriteMany PersistentVolumeClaim");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void AgentsDirectory_IsTheSameDirectory_OnTheSharedClaim_InEveryDaprWorkload()
    {
        var problems = new List<string>();
        var directories = new HashSet<string?>(StringComparer.Ordinal);
        foreach (var workload in Kubernetes.Workloads.Where(Kubernetes.DaprEnabled))
        {
            var container = Kubernetes.Containers(workload)[0];
            var agents = Kubernetes.Env(container, "ASH_AGENTS_DIR").Text("value");
            var shared = Kubernetes.Env(container, "ASH_SHARED_DIR").Text("value");
            directories.Add(agents);
            if (agents is null || shared is null || !agents.StartsWith(shared.TrimEnd('/') + "/", StringComparison.Ordinal))
            {
                problems.Add($"{workload}: ASH_AGENTS_DIR ({agents}) must be inside the shared ReadWriteMany mount ({shared})");
            }
        }

        Assert.Empty(problems);
        Assert.Single(directories);
    }

    [Fact]
    public void ExampleSecrets_HoldOnlyPlaceholders()
    {
        var secrets = Kubernetes.Objects("Secret").ToList();
        Assert.NotEmpty(secrets);
        Assert.All(secrets, secret =>
        {
            Assert.Contains(".example.", secret.RelativeFile, StringComparison.Ordinal);
            Assert.Null(secret.Root.Child("data"));
            Assert.All(secret.Root.Child("stringData").Entries(), pair => Assert.Contains("CHANGE-ME", pair.Value.Text() ?? string.Empty, StringComparison.Ordinal));
        });
    }

    [Fact]
    public void DeployReadme_NamesOnlyFilesThatExist()
    {
        var readme = File.ReadAllText(Repository.PathOf("deploy/README.md"));
        var paths = RepositoryPath().Matches(readme).Select(match => match.Value.TrimEnd('.', ',', ')')).Distinct().ToList();
        Assert.NotEmpty(paths);
        Assert.All(paths, path => Assert.True(File.Exists(Repository.PathOf(path)) || Directory.Exists(Repository.PathOf(path)), $"deploy/README.md names {path}, which does not exist"));
    }

    private static IReadOnlyList<(string? Name, string? Number)> ContainerPorts(Manifest workload) =>
        Kubernetes.Containers(workload).SelectMany(container => container.Child("ports").Items())
            .Select(port => (port.Text("name"), port.Text("containerPort"))).ToList();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"\b(deploy|components)/[A-Za-z0-9_./-]+")]
    private static partial Regex RepositoryPath();
}
