namespace Contracts;

/// <summary>Names of the application properties every store event message carries beside its body.</summary>
public static class StoreEventApplicationProperties
{
    /// <summary><see cref="StoreEventTypes.Sale"/> or <see cref="StoreEventTypes.Inventory"/>.</summary>
    public const string EventType = "event_type";

    /// <summary>The body's <c>priority_shipping</c>, repeated so that it can be filtered without reading the body.</summary>
    public const string PriorityShipping = "priority_shipping";
}
