namespace Ash.Testing.FakeModel;

/// <summary>How many times each <c>[[overloaded:N]]</c> text was answered with an overload, so that its retries end in a reply.</summary>
internal sealed class OverloadCounter
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> served = new(StringComparer.Ordinal);

    /// <summary>Whether this request is to fail: true for the first <paramref name="times"/> requests with <paramref name="text"/>.</summary>
    public bool Fail(string text, int times)
    {
        lock (gate)
        {
            var count = served.GetValueOrDefault(text);
            if (count >= times)
            {
                return false;
            }

            served[text] = count + 1;
            return true;
        }
    }
}
