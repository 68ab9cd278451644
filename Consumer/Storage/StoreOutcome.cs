namespace Consumer.Storage;

/// <summary>What <see cref="EventStore.StoreAsync"/> did with an event.</summary>
public enum StoreOutcome
{
    /// <summary>The item was created.</summary>
    Stored,

    /// <summary>The same event was already stored under its id: nothing was written.</summary>
    AlreadyStored,

    /// <summary>A different event is stored under this id in the event's store partition: nothing was written, the stored one is kept.</summary>
    Conflict,
}
