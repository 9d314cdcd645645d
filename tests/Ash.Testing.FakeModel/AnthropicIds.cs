namespace Ash.Testing.FakeModel;

/// <summary>Fresh identifiers with the prefixes the real API uses, so clients that check them are satisfied.</summary>
internal static class AnthropicIds
{
    public static string Message() => New("msg_");

    public static string ToolUse() => New("toolu_");

    public static string Request() => New("req_");

    public static string Signature() => New("sig_");

    private static string New(string prefix) => prefix + Guid.NewGuid().ToString("N");
}
