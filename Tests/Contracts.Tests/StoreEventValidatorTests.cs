using System.Text;
using System.Text.Json.Nodes;
using Contracts.Validation;

namespace Contracts.Tests;

public class StoreEventValidatorTests
{
    private static StoreEventValidationResult ValidateExample(Action<JsonObject> change, string? eventType = StoreEventTypes.Sale)
    {
        var body = JsonNode.Parse(StoreEventSerializationTests.ReferenceExample)!.AsObject();
        change(body);
        return StoreEventValidator.Validate(eventType, Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    [Theory]
    [InlineData(StoreEventTypes.Sale)]
    [InlineData(StoreEventTypes.Inventory)]
    public void Reference_example_is_valid_and_keeps_its_exact_body(string eventType)
    {
        var body = Encoding.UTF8.GetBytes(StoreEventSerializationTests.ReferenceExample);

        var result = StoreEventValidator.Validate(eventType, body);

        Assert.True(result.IsValid, result.Reason);
        Assert.Empty(result.Problems);
        Assert.Equal(eventType, result.Message!.EventType);
        Assert.Equal(5, result.Message.Event.StoreId);
        Assert.Equal(body, result.Message.Body.ToArray());
    }

    [Theory]
    [InlineData("id")]
    [InlineData("store_id")]
    [InlineData("category")]
    [InlineData("ts")]
    [InlineData("is_return")]
    public void Missing_field_is_named(string field)
    {
        var result = ValidateExample(body => body.Remove(field));

        Assert.False(result.IsValid);
        Assert.Equal([$"{field} is missing"], result.Problems);
    }

    [Fact]
    public void Null_field_counts_as_missing()
    {
        var result = ValidateExample(body => body["price"] = null);

        Assert.Equal(["price is missing"], result.Problems);
    }

    [Theory]
    [InlineData("sku")]
    [InlineData("variant")]
    [InlineData("contact_me")]
    public void Empty_text_field_is_named(string field)
    {
        var result = ValidateExample(body => body[field] = "  ");

        Assert.Contains(result.Problems, problem => problem.StartsWith(field, StringComparison.Ordinal));
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Wrong_json_type_is_reported_with_the_value()
    {
        var result = ValidateExample(body => body["qty"] = "34");

        Assert.Equal(["qty must be a whole number, was \"34\""], result.Problems);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Sale_with_non_positive_qty_is_bad(int qty)
    {
        var result = ValidateExample(body => body["qty"] = qty);

        Assert.Equal([$"qty must be positive on a sale_event, was {qty}"], result.Problems);
    }

    [Fact]
    public void Inventory_event_may_reduce_stock()
    {
        var result = ValidateExample(body => body["qty"] = -3, StoreEventTypes.Inventory);

        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void Negative_price_is_bad()
    {
        var result = ValidateExample(body => body["price"] = -0.01m);

        Assert.Equal(["price must not be negative, was -0.01"], result.Problems);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100.5)]
    public void Discount_outside_zero_to_hundred_is_bad(double discount)
    {
        var result = ValidateExample(body => body["discount"] = discount);

        Assert.Single(result.Problems);
        Assert.StartsWith("discount must be between 0 and 100 percent", result.Problems[0]);
    }

    [Fact]
    public void Unknown_category_is_bad()
    {
        var result = ValidateExample(body => body["category"] = "Spaceships");

        Assert.Equal(["category 'Spaceships' is not a known category"], result.Problems);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2023-13-19T14:36:09.985501")]
    [InlineData("19/05/2023 14:36")]
    public void Unparseable_timestamp_is_bad(string ts)
    {
        var result = ValidateExample(body => body["ts"] = ts);

        Assert.Single(result.Problems);
        Assert.StartsWith($"ts '{ts}' is not an ISO 8601 timestamp", result.Problems[0]);
    }

    [Fact]
    public void Id_that_cannot_be_a_blob_name_is_bad()
    {
        var result = ValidateExample(body => body["id"] = "a/b");

        Assert.Single(result.Problems);
        Assert.StartsWith("id 'a/b' must be", result.Problems[0]);
    }

    [Fact]
    public void Field_outside_the_contract_is_bad()
    {
        var result = ValidateExample(body => body["bad_msg"] = true);

        Assert.Equal(["bad_msg is not a store event field"], result.Problems);
    }

    [Theory]
    [InlineData(null, "application property event_type is missing")]
    [InlineData("refund_event", "application property event_type 'refund_event' is not one of sale_event, inventory_event")]
    public void Missing_or_unknown_event_type_is_bad(string? eventType, string expected)
    {
        var result = ValidateExample(_ => { }, eventType);

        Assert.Equal([expected], result.Problems);
    }

    [Fact]
    public void Every_defect_is_reported_at_once()
    {
        var result = ValidateExample(body =>
        {
            body["price"] = -1;
            body["discount"] = 101;
            body["category"] = "Spaceships";
        });

        Assert.Equal(3, result.Problems.Count);
        Assert.Equal(string.Join("; ", result.Problems), result.Reason);
    }

    [Theory]
    [InlineData("not json", "body is not JSON")]
    [InlineData("[1,2]", "body is a JSON array, not an object")]
    public void Body_that_is_not_a_json_object_is_bad(string body, string expectedStart)
    {
        var result = StoreEventValidator.Validate(StoreEventTypes.Sale, Encoding.UTF8.GetBytes(body));

        Assert.Single(result.Problems);
        Assert.StartsWith(expectedStart, result.Problems[0]);
    }
}
