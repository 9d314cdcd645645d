namespace Ash.Dapr.App;

/// <summary>What a subscriber tells daprd about one message (§3.5): done, try again later, or give it up.</summary>
public enum DeliveryOutcome
{
    Success,
    Retry,
    Drop,
}
