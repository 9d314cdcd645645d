namespace Ash.Dapr.App;

/// <summary>The 200 body daprd reads a delivery's outcome from: <c>{"status":"SUCCESS|RETRY|DROP"}</c>.</summary>
public sealed record DeliveryAnswer(string Status)
{
    public static DeliveryAnswer Of(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Success => new("SUCCESS"),
        DeliveryOutcome.Retry => new("RETRY"),
        _ => new("DROP"),
    };
}
