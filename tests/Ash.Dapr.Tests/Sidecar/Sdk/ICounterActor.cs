using Dapr.Actors;

namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>The actor interface of the SDK test app; public, as the SDK's remoting proxies are generated for it.</summary>
public interface ICounterActor : IActor
{
    Task<int> AddAsync(int amount);

    Task<int> GetAsync();

    /// <summary>Registers a reminder; one named <c>stop-*</c> unregisters itself from its first callback.</summary>
    Task RemindAsync(string name, TimeSpan dueTime, TimeSpan period, string data);

    Task StartTimerAsync(string name, TimeSpan dueTime, TimeSpan period, string data);

    Task StopTimerAsync(string name);

    /// <summary>Throws: the SDK carries the exception back to the caller through <c>X-DaprErrorResponseHeader</c>.</summary>
    Task FailAsync(string message);
}
