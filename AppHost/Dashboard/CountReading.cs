namespace AppHost.Dashboard;

/// <summary>One live count, or the reason it is not available (shown as is on the dashboard, never as zero).</summary>
internal sealed record CountReading(long? Value, string? Reason)
{
    public static CountReading Of(long value) => new(value, null);

    public static CountReading Unavailable(string reason) => new(null, reason);
}
