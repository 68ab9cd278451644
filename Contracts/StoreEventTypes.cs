namespace Contracts;

/// <summary>The values of the <c>event_type</c> application property.</summary>
public static class StoreEventTypes
{
    public const string Sale = "sale_event";

    public const string Inventory = "inventory_event";

    public static IReadOnlyList<string> All { get; } = [Sale, Inventory];

    public static bool IsKnown(string? eventType) => eventType is Sale or Inventory;
}
