namespace Ash.Server.Attachments;

/// <summary>How much a client may attach (configuration section <c>Ash:Attachments</c>).</summary>
public sealed class AttachmentOptions
{
    /// <summary>The largest attachment, decoded; a larger upload is a 413.</summary>
    public long MaxBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>How many attachments one session may hold.</summary>
    public int MaxPerSession { get; set; } = 100;

    /// <summary>The most bytes of attachments one session may hold.</summary>
    public long MaxBytesPerSession { get; set; } = 100L * 1024 * 1024;

    /// <summary>The request body an upload of <see cref="MaxBytes"/> needs: base64 (4 bytes per 3) and the JSON around it.</summary>
    public long MaxRequestBodyBytes => (MaxBytes + 2) / 3 * 4 + 64 * 1024;

    public IEnumerable<string> Validate()
    {
        if (MaxBytes is < 1 or > 64L * 1024 * 1024)
        {
            yield return "Ash:Attachments:MaxBytes must be from 1 to 67108864 (64 MiB).";
        }

        if (MaxPerSession is < 1 or > 10_000)
        {
            yield return "Ash:Attachments:MaxPerSession must be from 1 to 10000.";
        }

        if (MaxBytesPerSession < MaxBytes)
        {
            yield return "Ash:Attachments:MaxBytesPerSession must be at least Ash:Attachments:MaxBytes.";
        }
    }
}
