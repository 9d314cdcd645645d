namespace Ash.Core.Usage;

/// <summary>Where the model proxy hands what a request used, after the answer has reached the agent.</summary>
public interface IUsageSink
{
    ValueTask RecordAsync(ModelUsage usage, CancellationToken cancellationToken);
}
