namespace Ash.Testing.DaprSidecar.Apps;

/// <summary>The <c>/dapr/config</c> settings that apply to one actor type (root values, overridden by <c>entitiesConfig</c>).</summary>
internal sealed record ActorTypeSettings(TimeSpan IdleTimeout, TimeSpan DrainOngoingCallTimeout, bool ReentrancyEnabled, int MaxStackDepth)
{
    public static ActorTypeSettings Defaults { get; } = new(TimeSpan.FromMinutes(60), TimeSpan.FromSeconds(60), ReentrancyEnabled: false, MaxStackDepth: 32);
}
