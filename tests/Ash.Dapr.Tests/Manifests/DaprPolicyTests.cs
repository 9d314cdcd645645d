using Ash.Dapr.Client;
namespace Ash.Dapr.Tests.Manifests;

/// <summary>Dapr Configuration and Resiliency resources (dapr-http-api.md §8).</summary>
public sealed class DaprPolicyTests
{
    [Fact]
    public void Configuration_IsAshConfig_WithTracingOffAndSchedulerReminders()
    {
        var configurations = Catalog.Dapr("Configuration").ToList();
        Assert.Contains(configurations, configuration => configuration.InComponents);
        Assert.Contains(configurations, configuration => configuration.InDeploy);
        Assert.All(configurations, configuration =>
        {
            Assert.Equal("ash-config", configuration.Name);
            var sampling = configuration.Root.At("spec", "tracing", "samplingRate");
            Assert.True(sampling.IsString() && sampling.Text() == "0", $"{configuration}: tracing.samplingRate must be the string \"0\" (off)");
            var features = configuration.Root.At("spec", "features").Items();
            Assert.All(features, feature =>
            {
                Assert.NotNull(feature.Text("name"));
                Assert.True(feature.Child("enabled").IsBoolean(), $"{configuration}: feature {feature.Text("name")} enabled must be true or false");
            });
            Assert.Contains(features, feature => feature.Text("name") == "SchedulerReminders" && feature.Text("enabled") == "true");
        });
    }

    [Fact]
    public void Configuration_SelfHostedAndKubernetes_HaveTheSameSpec()
    {
        var specs = Catalog.Dapr("Configuration").Select(configuration => configuration.Root.Child("spec").Canonical()).Distinct().ToList();
        Assert.Single(specs);
    }

    [Fact]
    public void Resiliency_SelfHostedAndKubernetes_HaveTheSameSpec()
    {
        var resiliencies = Catalog.Dapr("Resiliency").ToList();
        Assert.Contains(resiliencies, resiliency => resiliency.InComponents);
        Assert.Contains(resiliencies, resiliency => resiliency.InDeploy);
        Assert.Single(resiliencies.Select(resiliency => resiliency.Root.Child("spec").Canonical()).Distinct());
        Assert.All(resiliencies, resiliency => Assert.Equal("ash-resiliency", resiliency.Name));
    }

    [Fact]
    public void Resiliency_Policies_AreWellFormed()
    {
        var problems = new List<string>();
        foreach (var resiliency in Catalog.Dapr("Resiliency"))
        {
            var policies = resiliency.Root.At("spec", "policies");
            foreach (var (name, timeout) in policies.Child("timeouts").Entries())
            {
                if (!GoDuration.TryParse(timeout.Text(), out _))
                {
                    problems.Add($"{resiliency}: timeout {name} = {timeout.Text()} is no Go duration");
                }
            }

            foreach (var (name, retry) in policies.Child("retries").Entries())
            {
                if (retry.Text("policy") is not ("constant" or "exponential"))
                {
                    problems.Add($"{resiliency}: retry {name} policy must be constant or exponential");
                }

                problems.AddRange(new[] { "duration", "maxInterval" }
                    .Where(field => retry.Child(field) is { } value && !GoDuration.TryParse(value.Text(), out _))
                    .Select(field => $"{resiliency}: retry {name} {field} is no Go duration"));
                if (!retry.Child("maxRetries").IsInteger())
                {
                    problems.Add($"{resiliency}: retry {name} needs an integer maxRetries (the default, -1, retries forever)");
                }
            }

            foreach (var (name, breaker) in policies.Child("circuitBreakers").Entries())
            {
                problems.AddRange(new[] { "interval", "timeout" }
                    .Where(field => breaker.Child(field) is { } value && !GoDuration.TryParse(value.Text(), out _))
                    .Select(field => $"{resiliency}: circuit breaker {name} {field} is no Go duration"));
                if (breaker.Text("trip") is not { Length: > 0 })
                {
                    problems.Add($"{resiliency}: circuit breaker {name} needs trip");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Resiliency_Targets_ReferenceExistingPoliciesAndComponents()
    {
        var problems = new List<string>();
        foreach (var resiliency in Catalog.Dapr("Resiliency"))
        {
            var policies = resiliency.Root.At("spec", "policies");
            var targets = resiliency.Root.At("spec", "targets");
            var components = Catalog.Dapr("Component").Where(component => component.InDeploy == resiliency.InDeploy).Select(component => component.Name).ToHashSet();

            var uses = new List<(string Where, YamlDotNet.RepresentationModel.YamlNode Target)>();
            uses.AddRange(targets.Child("apps").Entries().Select(entry => ($"apps.{entry.Key}", entry.Value)));
            uses.AddRange(targets.Child("actors").Entries().Select(entry => ($"actors.{entry.Key}", entry.Value)));
            foreach (var (component, target) in targets.Child("components").Entries())
            {
                if (!components.Contains(component))
                {
                    problems.Add($"{resiliency}: target component {component} does not exist");
                }

                uses.AddRange(target.Entries().Select(direction => ($"components.{component}.{direction.Key}", direction.Value)));
            }

            foreach (var (where, target) in uses)
            {
                foreach (var (field, section) in new[] { ("timeout", "timeouts"), ("retry", "retries"), ("circuitBreaker", "circuitBreakers") })
                {
                    if (target.Text(field) is { } policy && policies.At(section, policy) is null)
                    {
                        problems.Add($"{resiliency}: {where}.{field} names {policy}, which spec.policies.{section} lacks");
                    }
                }
            }

            if (targets.At("actors", "session") is null)
            {
                problems.Add($"{resiliency}: no policy for the session actor");
            }

            var appIds = resiliency.InDeploy ? Kubernetes.DaprAppIds() : RunTemplate.Current.Apps.Select(app => app.AppId).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(resiliency.Root.Child("scopes").Items().Select(item => item.Text())
                .Where(scope => !appIds.Contains(scope ?? string.Empty))
                .Select(scope => $"{resiliency}: scope {scope} is no app id"));
        }

        Assert.Empty(problems);
    }
}
