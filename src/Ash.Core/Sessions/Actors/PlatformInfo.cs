namespace Ash.Core.Sessions.Actors;

/// <summary>Facts about this server that turns report or depend on.</summary>
public sealed record PlatformInfo(string Version, Func<bool> HasModelCredential);
