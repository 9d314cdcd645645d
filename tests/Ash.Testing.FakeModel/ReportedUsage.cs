namespace Ash.Testing.FakeModel;

/// <summary>The usage the fake reported in one whole answer, as a client billing it should count it.</summary>
public sealed record ReportedUsage(string Model, int InputTokens, int OutputTokens, int CacheCreationTokens, int CacheReadTokens)
{
    /// <summary>The cache counts the fake reports for a request: made-up but distinct, so a test can tell each field apart.</summary>
    public static ReportedUsage For(string model, int inputTokens, int outputTokens) => new(model, inputTokens, outputTokens, inputTokens / 3 + 7, inputTokens / 5 + 3);
}
