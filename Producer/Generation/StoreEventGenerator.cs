using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts;

namespace Producer.Generation;

/// <summary>
/// Makes realistic store events: sales and inventory changes across a dozen stores, the contract's categories,
/// plausible prices, quantities and discounts, and (like the reference system) a share of deliberately bad events,
/// each with one defect the consumer must catch. Not thread-safe: use one generator per batch.
/// </summary>
public sealed class StoreEventGenerator
{
    private const int StoreCount = 12;

    private static readonly string[] Variants = ["black", "white", "red", "blue", "green", "silver", "standard"];

    private readonly StoreEventGeneratorOptions _options;
    private readonly TimeProvider _clock;
    private readonly Random _random;

    public StoreEventGenerator(StoreEventGeneratorOptions options, TimeProvider clock)
    {
        if (options.BadEventShare is < 0 or > 1 || double.IsNaN(options.BadEventShare))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BadEventShare, "BadEventShare must be between 0 and 1.");
        }

        if (options.SaleEventShare is < 0 or > 1 || double.IsNaN(options.SaleEventShare))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SaleEventShare, "SaleEventShare must be between 0 and 1.");
        }

        _options = options;
        _clock = clock;
        _random = options.Seed is { } seed ? new Random(seed) : new Random();
    }

    public IReadOnlyList<GeneratedStoreEvent> Generate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var events = new GeneratedStoreEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = Next();
        }

        return events;
    }

    public GeneratedStoreEvent Next()
    {
        var eventType = _random.NextDouble() < _options.SaleEventShare ? StoreEventTypes.Sale : StoreEventTypes.Inventory;
        var storeEvent = NextGoodEvent(eventType);
        if (_random.NextDouble() >= _options.BadEventShare)
        {
            return new GeneratedStoreEvent(eventType, storeEvent.Id, storeEvent.PriorityShipping, StoreEventMessage.Create(eventType, storeEvent).Body, null);
        }

        var body = JsonSerializer.SerializeToNode(storeEvent, StoreEventJsonContext.Default.StoreEvent)!.AsObject();
        var defect = Spoil(body, eventType);
        return new GeneratedStoreEvent(eventType, storeEvent.Id, storeEvent.PriorityShipping, JsonSerializer.SerializeToUtf8Bytes(body), defect);
    }

    private StoreEvent NextGoodEvent(string eventType)
    {
        var id = NextId();
        var isSale = eventType == StoreEventTypes.Sale;
        var happened = _clock.GetUtcNow().UtcDateTime.AddTicks(-_random.NextInt64(TimeSpan.TicksPerHour));
        return new StoreEvent
        {
            Id = id,
            RequestId = id,
            StoreId = _random.Next(1, StoreCount + 1),
            StoreFqdn = _options.StoreFqdn,
            StoreIp = _options.StoreIp,
            CustId = _random.Next(100, 1000),
            Category = StoreEventCategories.All[_random.Next(StoreEventCategories.All.Count)],
            Sku = _random.Next(100_000, 1_000_000),
            Price = Math.Round(1m + (decimal)_random.NextDouble() * 199m, 2),
            // A sale sells at least one unit; an inventory event may add stock or write it off.
            Qty = isSale ? _random.Next(1, 51) : _random.Next(-20, 101),
            Discount = _random.NextDouble() < 0.6 ? 0m : Math.Round((decimal)_random.NextDouble() * 50m, 1),
            GiftWrap = isSale && _random.NextDouble() < 0.2,
            Variant = Variants[_random.Next(Variants.Length)],
            PriorityShipping = _random.NextDouble() < 0.25,
            // Microsecond precision, like the reference's Python timestamps.
            Ts = StoreEventTimestamp.Write(new DateTime(happened.Ticks - happened.Ticks % 10, DateTimeKind.Utc)),
            ContactMe = _options.ContactMe,
            IsReturn = isSale && _random.NextDouble() < 0.1,
        };
    }

    // One defect per bad event, from the kinds the consumer must reject.
    private string Spoil(JsonObject body, string eventType)
    {
        switch (_random.Next(eventType == StoreEventTypes.Sale ? 7 : 6))
        {
            case 0:
                var field = new[] { "store_id", "sku", "category", "ts", "price" }[_random.Next(5)];
                body.Remove(field);
                return $"{field} removed";
            case 1:
                body["price"] = -Math.Round(1m + (decimal)_random.NextDouble() * 50m, 2);
                return "negative price";
            case 2:
                body["discount"] = _random.NextDouble() < 0.5 ? -5m : 150m;
                return "discount outside 0-100";
            case 3:
                body["category"] = "Spaceships";
                return "unknown category";
            case 4:
                body["ts"] = "not-a-timestamp";
                return "unparseable ts";
            case 5:
                body["variant"] = "";
                return "empty variant";
            default:
                body["qty"] = -_random.Next(0, 5);
                return "non-positive qty on a sale";
        }
    }

    // A version-4 GUID drawn from the generator's own random source, so that a seeded run repeats its ids.
    private string NextId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
