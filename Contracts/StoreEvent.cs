namespace Contracts;

/// <summary>
/// One store event as the reference system defines it: a sale or an inventory change at a store.
/// Serialized as snake_case JSON through <see cref="StoreEventJsonContext"/>; the event type travels beside the
/// body as an application property (<see cref="StoreEventApplicationProperties.EventType"/>), not in it.
/// </summary>
public sealed record StoreEvent
{
    /// <summary>Event id: the idempotency key (Service Bus MessageId, Cosmos item id, blob name).</summary>
    public required string Id { get; init; }

    public required string RequestId { get; init; }

    /// <summary>The store; also the Cosmos partition key (<c>/store_id</c>).</summary>
    public required int StoreId { get; init; }

    public required string StoreFqdn { get; init; }

    public required string StoreIp { get; init; }

    public required int CustId { get; init; }

    /// <summary>One of <see cref="StoreEventCategories.All"/>.</summary>
    public required string Category { get; init; }

    public required int Sku { get; init; }

    /// <summary>Unit price; decimal so that the JSON number round-trips exactly.</summary>
    public required decimal Price { get; init; }

    /// <summary>Units sold (positive on a sale) or the stock change of an inventory event.</summary>
    public required int Qty { get; init; }

    /// <summary>Discount in percent, 0–100.</summary>
    public required decimal Discount { get; init; }

    public required bool GiftWrap { get; init; }

    public required string Variant { get; init; }

    public required bool PriorityShipping { get; init; }

    /// <summary>
    /// When the event happened, as the reference writes it: ISO 8601 without offset and with microseconds
    /// (<c>2023-05-19T14:36:09.985501</c>). Kept as text so the body round-trips unchanged; see
    /// <see cref="StoreEventTimestamp"/> for reading and writing it.
    /// </summary>
    public required string Ts { get; init; }

    public required string ContactMe { get; init; }

    public required bool IsReturn { get; init; }
}
