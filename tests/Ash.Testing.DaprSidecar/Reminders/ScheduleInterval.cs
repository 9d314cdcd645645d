namespace Ash.Testing.DaprSidecar.Reminders;

/// <summary>A period: calendar parts (ISO-8601 years, months, days) plus a fixed time span.</summary>
internal sealed record ScheduleInterval(int Years, int Months, int Days, TimeSpan Time)
{
    public static ScheduleInterval Of(TimeSpan time) => new(0, 0, 0, time);

    public bool IsPositive => Years > 0 || Months > 0 || Days > 0 || Time > TimeSpan.Zero;

    public DateTimeOffset AddTo(DateTimeOffset instant) => instant.AddYears(Years).AddMonths(Months).AddDays(Days).Add(Time);
}
