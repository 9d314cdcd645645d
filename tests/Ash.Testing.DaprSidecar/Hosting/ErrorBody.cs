namespace Ash.Testing.DaprSidecar.Hosting;

internal sealed record ErrorBody(string ErrorCode, string Message);
