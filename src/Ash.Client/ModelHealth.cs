namespace Ash.Client;

/// <summary>The server's own model credential, from <c>GET /health</c>.</summary>
/// <param name="CredentialConfigured">The server has a model key; without one, only sessions created with a credential can run a turn.</param>
/// <param name="LastRequest">What the model upstream did with the last request sent with the server's key; null before the first.</param>
public sealed record ModelHealth(bool CredentialConfigured, ModelRequestHealth? LastRequest = null);

/// <summary>One model request's outcome as <c>/health</c> reports it.</summary>
/// <param name="At">When it was sent.</param>
/// <param name="Answered">The upstream answered with an HTTP status.</param>
/// <param name="Status">That status, or null when it did not answer.</param>
/// <param name="Ok">It answered with a success.</param>
public sealed record ModelRequestHealth(DateTimeOffset At, bool Answered, int? Status, bool Ok);
