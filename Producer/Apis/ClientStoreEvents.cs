using System.Text;
using System.Text.Json;
using Contracts;
using Contracts.Validation;
using Producer.Sending;

namespace Producer.Apis;

/// <summary>
/// Reads the body of <c>POST /api/events</c>: a JSON array of <c>{"event_type": "...", "event": {store event}}</c>.
/// Every element is checked with the consumer's own validator, so "valid" here means what the consumer accepts;
/// every problem is reported with the element's index, and the body is accepted only if there are none.
/// </summary>
public static class ClientStoreEvents
{
    public static (IReadOnlyList<OutgoingStoreEvent> Events, Dictionary<string, string[]> Problems) Parse(JsonElement root)
    {
        var events = new List<OutgoingStoreEvent>();
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Array)
        {
            problems["$"] = [$"the body must be a JSON array of {{\"event_type\", \"event\"}} objects, was a JSON {root.ValueKind.ToString().ToLowerInvariant()}"];
            return (events, problems);
        }

        var count = root.GetArrayLength();
        if (count is 0 or > StoreEventsApiOptions.MaxEventCount)
        {
            problems["$"] = [$"the array must hold 1 to {StoreEventsApiOptions.MaxEventCount} events, held {count}"];
            return (events, problems);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            var elementProblems = Check(element, ids, out var storeEvent);
            if (elementProblems.Count > 0)
            {
                problems[$"[{index}]"] = [.. elementProblems];
            }
            else
            {
                events.Add(storeEvent!);
            }

            index++;
        }

        return (events, problems);
    }

    private static List<string> Check(JsonElement element, HashSet<string> ids, out OutgoingStoreEvent? storeEvent)
    {
        storeEvent = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return [$"must be an object with event_type and event, was a JSON {element.ValueKind.ToString().ToLowerInvariant()}"];
        }

        var problems = new List<string>();
        string? eventType = null;
        if (element.TryGetProperty(StoreEventApplicationProperties.EventType, out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                eventType = type.GetString();
            }
            else
            {
                problems.Add("event_type must be a string");
            }
        }

        if (!element.TryGetProperty("event", out var body))
        {
            problems.Add("event is missing");
            return problems;
        }

        var bytes = Encoding.UTF8.GetBytes(body.GetRawText());
        var result = StoreEventValidator.Validate(eventType, bytes);
        problems.AddRange(result.Problems.Select(problem => problem.Replace("application property ", "", StringComparison.Ordinal)));
        if (result.IsValid && !ids.Add(result.Message!.Event.Id))
        {
            problems.Add($"id '{result.Message.Event.Id}' appears more than once in this request");
        }

        if (problems.Count == 0)
        {
            var valid = result.Message!;
            storeEvent = new OutgoingStoreEvent(valid.EventType, valid.Event.Id, valid.Event.RequestId, valid.Event.PriorityShipping, bytes);
        }

        return problems;
    }
}
