using Contracts;
using Contracts.Validation;

namespace Producer.Generation;

/// <summary>
/// The reference producer's answer to a request for events: how many were sent, how many were bad, how many sales
/// and inventory events, and the total sales value (price × qty) of the good sale events.
/// </summary>
public sealed record StoreEventBatchSummary(int TotalMessages, int BadMessages, int SaleEvents, int InventoryEvents, decimal TotalSales)
{
    /// <summary>Counts <paramref name="events"/> with the consumer's own validator, so "bad" means what the consumer will reject.</summary>
    public static StoreEventBatchSummary Of(IEnumerable<GeneratedStoreEvent> events)
    {
        int total = 0, bad = 0, sales = 0, inventory = 0;
        var totalSales = 0m;
        foreach (var generated in events)
        {
            total++;
            if (generated.EventType == StoreEventTypes.Sale)
            {
                sales++;
            }
            else
            {
                inventory++;
            }

            var result = StoreEventValidator.Validate(generated.EventType, generated.Body);
            if (!result.IsValid)
            {
                bad++;
            }
            else if (generated.EventType == StoreEventTypes.Sale)
            {
                totalSales += result.Message!.Event.Price * result.Message.Event.Qty;
            }
        }

        return new StoreEventBatchSummary(total, bad, sales, inventory, totalSales);
    }
}
