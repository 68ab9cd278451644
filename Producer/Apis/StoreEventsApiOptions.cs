namespace Producer.Apis;

/// <summary>The <c>StoreEventsApi</c> configuration section: limits of the events API.</summary>
public sealed class StoreEventsApiOptions
{
    public const string SectionName = "StoreEventsApi";

    /// <summary>The most events one request may ask for or carry (the reference's limit).</summary>
    public const int MaxEventCount = 10_000;

    /// <summary>A larger request body is refused with 413 before it is parsed.</summary>
    public int MaxRequestBodyBytes { get; set; } = 512 * 1024;
}
