namespace Ash.Core.Sessions.Lifecycle;

/// <summary>
/// The timeline entry a status commit writes (Ash's <c>lifecycle</c> event: <c>{action, path?, reason?, parentSessionId?}</c>),
/// e.g. <c>resumed</c> with path <c>warm</c> or <c>cold</c>.
/// </summary>
public sealed record LifecycleAction(string Name, string? Path = null);
