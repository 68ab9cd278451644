namespace Consumer.Storage;

/// <summary>Settings of <see cref="EventStore"/>, bound from the <c>EventStore</c> section.</summary>
public sealed class EventStoreOptions
{
    public const string SectionName = "EventStore";

    /// <summary>Events are partitioned by store: one store's events live together and are queried together.</summary>
    public const string PartitionKeyPath = "/store_id";

    public string DatabaseName { get; set; } = "warehouse";

    public string ContainerName { get; set; } = "events";

    /// <summary>Create the database and container at start-up: true for local runs; in Azure the infrastructure owns them.</summary>
    public bool CreateIfNotExists { get; set; }
}
