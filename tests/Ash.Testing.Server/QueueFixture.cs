namespace Ash.Testing.Server;

/// <summary>A server whose queue retries quickly (0.2 s, then doubling up to 1 s) and polls often.</summary>
public class QueueFixture : PlatformFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Ash:Queue:RetryBaseDelay"] = "00:00:00.2",
        ["Ash:Queue:RetryMaxDelay"] = "00:00:01",
        ["Ash:Queue:PollInterval"] = "00:00:00.2",
        ["Ash:Queue:MaxConcurrentJobs"] = MaxConcurrentJobs,
    };

    protected virtual string MaxConcurrentJobs => "2";
}

/// <summary>One job at a time: a long job holds the queue while a test arranges the ones behind it.</summary>
public sealed class SingleJobQueueFixture : QueueFixture
{
    protected override string MaxConcurrentJobs => "1";
}
