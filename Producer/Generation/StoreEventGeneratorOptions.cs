namespace Producer.Generation;

/// <summary>Settings of <see cref="StoreEventGenerator"/>.</summary>
public sealed class StoreEventGeneratorOptions
{
    /// <summary>Share of events generated with a defect, 0–1. The reference system sends about one bad event in four.</summary>
    public double BadEventShare { get; set; } = 0.25;

    /// <summary>Share of sale events among the good and bad ones; the rest are inventory events.</summary>
    public double SaleEventShare { get; set; } = 0.6;

    /// <summary>Seed for a reproducible run (same seed, same clock: the same events); none gives a different run each time.</summary>
    public int? Seed { get; set; }

    /// <summary>The producing host, written into every event as the reference does.</summary>
    public string StoreFqdn { get; set; } = "localhost";

    public string StoreIp { get; set; } = "127.0.0.1";

    public string ContactMe { get; set; } = "store-events@contoso.example";
}
