using System.Globalization;
using Contracts;

namespace Consumer.Tests;

/// <summary>Valid store events for storage tests, spread over stores, days and both event types.</summary>
internal static class TestEvents
{
    public static StoreEventMessage Create(int index, string? id = null, decimal price = 45.85m)
    {
        var eventId = id ?? Guid.NewGuid().ToString();
        var storeEvent = new StoreEvent
        {
            Id = eventId,
            RequestId = eventId,
            StoreId = index % 7 + 1,
            StoreFqdn = "localhost",
            StoreIp = "127.0.0.1",
            CustId = 100 + index % 900,
            Category = StoreEventCategories.All[index % StoreEventCategories.All.Count],
            Sku = 100_000 + index,
            Price = price,
            Qty = index % 20 + 1,
            Discount = 10.3m,
            GiftWrap = index % 2 == 0,
            Variant = "red",
            PriorityShipping = index % 3 == 0,
            Ts = StoreEventTimestamp.Write(new DateTime(2023, 5, 19, 14, 36, 9, DateTimeKind.Utc).AddDays(index % 3).AddTicks(9855010)),
            ContactMe = "store-events@contoso.example",
            IsReturn = false,
        };
        return StoreEventMessage.Create(index % 2 == 0 ? StoreEventTypes.Sale : StoreEventTypes.Inventory, storeEvent);
    }

    public static string UniqueName(string prefix) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{Guid.NewGuid():N}")[..30];
}
