namespace Ash.Testing.FakeModel;

/// <summary>One request as its head arrived, before any of its body was read.</summary>
/// <param name="Method">The request method, e.g. <c>POST</c>.</param>
/// <param name="Path">The path as the server decoded it, e.g. <c>/v1/messages</c>.</param>
/// <param name="Query">The query string with its <c>?</c>, or empty, e.g. <c>?beta=true</c>.</param>
public sealed record ModelRequestArrival(string Method, string Path, string Query)
{
    public override string ToString() => $"{Method} {Path}{Query}";
}
