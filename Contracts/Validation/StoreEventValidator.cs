using System.Text.Json;

namespace Contracts.Validation;

/// <summary>
/// Decides whether a received message is a good store event and, if not, says precisely why. It reads the raw
/// JSON rather than a deserialized object so that a missing field, a wrong type and a bad value are told apart.
/// </summary>
public static class StoreEventValidator
{
    private const int MaxIdLength = 255;

    private enum FieldKind { Text, Integer, Number, Boolean }

    private static readonly (string Name, FieldKind Kind)[] Fields =
    [
        ("id", FieldKind.Text),
        ("request_id", FieldKind.Text),
        ("store_id", FieldKind.Integer),
        ("store_fqdn", FieldKind.Text),
        ("store_ip", FieldKind.Text),
        ("cust_id", FieldKind.Integer),
        ("category", FieldKind.Text),
        ("sku", FieldKind.Integer),
        ("price", FieldKind.Number),
        ("qty", FieldKind.Integer),
        ("discount", FieldKind.Number),
        ("gift_wrap", FieldKind.Boolean),
        ("variant", FieldKind.Text),
        ("priority_shipping", FieldKind.Boolean),
        ("ts", FieldKind.Text),
        ("contact_me", FieldKind.Text),
        ("is_return", FieldKind.Boolean),
    ];

    private static readonly HashSet<string> FieldNames = new(Fields.Select(field => field.Name), StringComparer.Ordinal);

    /// <param name="eventType">The message's <c>event_type</c> application property.</param>
    /// <param name="body">The message body.</param>
    public static StoreEventValidationResult Validate(string? eventType, ReadOnlyMemory<byte> body)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(eventType))
        {
            problems.Add($"application property {StoreEventApplicationProperties.EventType} is missing");
        }
        else if (!StoreEventTypes.IsKnown(eventType))
        {
            problems.Add($"application property {StoreEventApplicationProperties.EventType} '{eventType}' is not one of {string.Join(", ", StoreEventTypes.All)}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            problems.Add($"body is not JSON: {exception.Message}");
            return StoreEventValidationResult.Invalid(problems);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"body is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object");
                return StoreEventValidationResult.Invalid(problems);
            }

            CheckShape(document.RootElement, problems);
            if (problems.Count > 0)
            {
                return StoreEventValidationResult.Invalid(problems);
            }

            var storeEvent = document.RootElement.Deserialize(StoreEventJsonContext.Default.StoreEvent)!;
            CheckValues(eventType!, storeEvent, problems);
            return problems.Count > 0
                ? StoreEventValidationResult.Invalid(problems)
                : StoreEventValidationResult.Valid(new StoreEventMessage(eventType!, storeEvent, body));
        }
    }

    private static void CheckShape(JsonElement root, List<string> problems)
    {
        foreach (var (name, kind) in Fields)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                problems.Add($"{name} is missing");
                continue;
            }

            var problem = kind switch
            {
                FieldKind.Text when value.ValueKind != JsonValueKind.String => $"{name} must be a string, was {Describe(value)}",
                FieldKind.Text when value.GetString()!.Trim().Length == 0 => $"{name} is empty",
                FieldKind.Integer when value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out _) => $"{name} must be a whole number, was {Describe(value)}",
                FieldKind.Number when value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out _) => $"{name} must be a number, was {Describe(value)}",
                FieldKind.Boolean when value.ValueKind is not (JsonValueKind.True or JsonValueKind.False) => $"{name} must be true or false, was {Describe(value)}",
                _ => null,
            };
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!FieldNames.Contains(property.Name))
            {
                problems.Add($"{property.Name} is not a store event field");
            }
        }
    }

    private static void CheckValues(string eventType, StoreEvent storeEvent, List<string> problems)
    {
        // The id becomes a blob name and a Cosmos item id: keep it to characters both accept unescaped.
        if (storeEvent.Id.Length > MaxIdLength || !storeEvent.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add($"id '{storeEvent.Id}' must be at most {MaxIdLength} letters, digits, '-', '_' or '.'");
        }

        if (storeEvent.StoreId <= 0)
        {
            problems.Add($"store_id must be positive, was {storeEvent.StoreId}");
        }

        if (!StoreEventCategories.IsKnown(storeEvent.Category))
        {
            problems.Add($"category '{storeEvent.Category}' is not a known category");
        }

        if (storeEvent.Price < 0)
        {
            problems.Add($"price must not be negative, was {storeEvent.Price}");
        }

        if (eventType == StoreEventTypes.Sale && storeEvent.Qty <= 0)
        {
            problems.Add($"qty must be positive on a {StoreEventTypes.Sale}, was {storeEvent.Qty}");
        }

        if (storeEvent.Discount is < 0 or > 100)
        {
            problems.Add($"discount must be between 0 and 100 percent, was {storeEvent.Discount}");
        }

        if (!StoreEventTimestamp.TryParse(storeEvent.Ts, out _))
        {
            problems.Add($"ts '{storeEvent.Ts}' is not an ISO 8601 timestamp (e.g. 2023-05-19T14:36:09.985501)");
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.GetRawText(),
    };
}
