namespace Ash.Dapr.Client;

/// <summary>One write in an actor state transaction: an upsert of raw JSON, or a delete when <see cref="Json"/> is null.</summary>
public sealed record ActorStateOperation(string Key, byte[]? Json)
{
    public static ActorStateOperation Upsert(string key, byte[] json) => new(key, json);

    public static ActorStateOperation Delete(string key) => new(key, null);
}
