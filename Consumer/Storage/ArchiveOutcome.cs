namespace Consumer.Storage;

/// <summary>What <see cref="EventArchive.ArchiveAsync"/> did with an event.</summary>
public enum ArchiveOutcome
{
    /// <summary>The event was written.</summary>
    Archived,

    /// <summary>The same event (byte for byte) was already archived: nothing was written.</summary>
    AlreadyArchived,

    /// <summary>A different body is archived under this event id: nothing was written, the stored one is kept.</summary>
    Conflict,
}
