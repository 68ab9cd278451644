using Contracts;

namespace Flow.Tests;

/// <summary>A valid store event with a new id, as a client would send it; each test varies what it is about.</summary>
internal static class TestStoreEvents
{
    public static StoreEventMessage Create(string eventType = StoreEventTypes.Sale, bool priorityShipping = false, decimal price = 45.85m)
    {
        var id = Guid.NewGuid().ToString();
        return StoreEventMessage.Create(eventType, new StoreEvent
        {
            Id = id,
            RequestId = id,
            StoreId = 3,
            StoreFqdn = "localhost",
            StoreIp = "127.0.0.1",
            CustId = 549,
            Category = StoreEventCategories.All[0],
            Sku = 169008,
            Price = price,
            Qty = 3,
            Discount = 10.3m,
            GiftWrap = true,
            Variant = "red",
            PriorityShipping = priorityShipping,
            Ts = "2023-05-19T14:36:09.985501",
            ContactMe = "github.com/miztiik",
            IsReturn = false,
        });
    }
}
