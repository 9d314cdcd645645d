namespace Ash.Dapr.App;

/// <summary>A method's answer: raw JSON returned to the caller with 200, the only status daprd takes as success.</summary>
public sealed record DaprActorResponse(ReadOnlyMemory<byte> Json)
{
    public static readonly DaprActorResponse Empty = new("{}"u8.ToArray());
}
