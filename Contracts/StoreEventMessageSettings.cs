namespace Contracts;

/// <summary>How a store event travels as a message (the reference system's settings).</summary>
public static class StoreEventMessageSettings
{
    /// <summary>A store event that nobody processed within a day expires (and is dead-lettered).</summary>
    public static TimeSpan TimeToLive { get; } = TimeSpan.FromDays(1);

    public const string ContentType = "application/json";
}
