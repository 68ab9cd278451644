using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Contracts;

namespace Contracts.Tests;

public class StoreEventSerializationTests
{
    // The example from the reference system, verbatim.
    internal const string ReferenceExample =
        """{"id":"743da362-69df-4e63-a95f-a1d93e29825e","request_id":"743da362-69df-4e63-a95f-a1d93e29825e","store_id":5,"store_fqdn":"localhost","store_ip":"127.0.0.1","cust_id":549,"category":"Notebooks","sku":169008,"price":45.85,"qty":34,"discount":10.3,"gift_wrap":true,"variant":"red","priority_shipping":false,"ts":"2023-05-19T14:36:09.985501","contact_me":"github.com/miztiik","is_return":true}""";

    [Fact]
    public void Reference_example_deserializes_field_by_field()
    {
        var storeEvent = JsonSerializer.Deserialize(ReferenceExample, StoreEventJsonContext.Default.StoreEvent)!;

        Assert.Equal("743da362-69df-4e63-a95f-a1d93e29825e", storeEvent.Id);
        Assert.Equal("743da362-69df-4e63-a95f-a1d93e29825e", storeEvent.RequestId);
        Assert.Equal(5, storeEvent.StoreId);
        Assert.Equal("localhost", storeEvent.StoreFqdn);
        Assert.Equal("127.0.0.1", storeEvent.StoreIp);
        Assert.Equal(549, storeEvent.CustId);
        Assert.Equal("Notebooks", storeEvent.Category);
        Assert.Equal(169008, storeEvent.Sku);
        Assert.Equal(45.85m, storeEvent.Price);
        Assert.Equal(34, storeEvent.Qty);
        Assert.Equal(10.3m, storeEvent.Discount);
        Assert.True(storeEvent.GiftWrap);
        Assert.Equal("red", storeEvent.Variant);
        Assert.False(storeEvent.PriorityShipping);
        Assert.Equal("2023-05-19T14:36:09.985501", storeEvent.Ts);
        Assert.Equal("github.com/miztiik", storeEvent.ContactMe);
        Assert.True(storeEvent.IsReturn);
    }

    [Fact]
    public void Reference_example_serializes_back_to_the_same_json()
    {
        var storeEvent = JsonSerializer.Deserialize(ReferenceExample, StoreEventJsonContext.Default.StoreEvent)!;

        var json = JsonSerializer.Serialize(storeEvent, StoreEventJsonContext.Default.StoreEvent);

        Assert.Equal(ReferenceExample, json);
    }

    [Fact]
    public void Serialized_event_has_exactly_the_seventeen_snake_case_fields_with_the_reference_json_types()
    {
        var reference = JsonNode.Parse(ReferenceExample)!.AsObject();
        var storeEvent = JsonSerializer.Deserialize(ReferenceExample, StoreEventJsonContext.Default.StoreEvent)!;

        var ours = JsonSerializer.SerializeToNode(storeEvent, StoreEventJsonContext.Default.StoreEvent)!.AsObject();

        Assert.Equal(17, ours.Count);
        Assert.Equal(reference.Select(p => p.Key), ours.Select(p => p.Key));
        foreach (var (name, value) in reference)
        {
            Assert.Equal(value!.GetValueKind(), ours[name]!.GetValueKind());
        }
    }

    [Fact]
    public void Message_created_from_an_event_carries_its_json_body()
    {
        var storeEvent = JsonSerializer.Deserialize(ReferenceExample, StoreEventJsonContext.Default.StoreEvent)!;

        var message = StoreEventMessage.Create(StoreEventTypes.Sale, storeEvent);

        Assert.Equal(ReferenceExample, Encoding.UTF8.GetString(message.Body.Span));
        Assert.Equal(StoreEventTypes.Sale, message.EventType);
    }

    [Fact]
    public void Message_conventions_match_the_reference_system()
    {
        Assert.Equal("sale_event", StoreEventTypes.Sale);
        Assert.Equal("inventory_event", StoreEventTypes.Inventory);
        Assert.Equal("event_type", StoreEventApplicationProperties.EventType);
        Assert.Equal("priority_shipping", StoreEventApplicationProperties.PriorityShipping);
        Assert.Equal(TimeSpan.FromDays(1), StoreEventMessageSettings.TimeToLive);
        Assert.Equal("application/json", StoreEventMessageSettings.ContentType);
    }

    [Fact]
    public void Timestamp_is_written_like_the_reference_and_read_back_as_utc()
    {
        var written = StoreEventTimestamp.Write(new DateTime(2023, 5, 19, 14, 36, 9, DateTimeKind.Utc).AddTicks(9855010));

        Assert.Equal("2023-05-19T14:36:09.985501", written);
        Assert.True(StoreEventTimestamp.TryParse(written, out var parsed));
        Assert.Equal(new DateTimeOffset(2023, 5, 19, 14, 36, 9, TimeSpan.Zero).AddTicks(9855010), parsed);
    }
}
