namespace Ash.Client.Wire;

internal sealed record InterruptResponse(bool Interrupted);
