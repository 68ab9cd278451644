namespace Consumer.Storage;

/// <summary>Settings of <see cref="EventArchive"/>, bound from the <c>EventArchive</c> section.</summary>
public sealed class EventArchiveOptions
{
    public const string SectionName = "EventArchive";

    /// <summary>The blob container events are archived in.</summary>
    public string ContainerName { get; set; } = "warehouse";

    /// <summary>Create the container at start-up: true for local runs; in Azure the infrastructure owns it.</summary>
    public bool CreateIfNotExists { get; set; }
}
