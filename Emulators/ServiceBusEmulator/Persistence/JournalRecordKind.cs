namespace ServiceBusEmulator.Persistence;

internal enum JournalRecordKind : byte
{
    /// <summary>A message's full state in a store (insert or replace).</summary>
    Put = 1,
    Delete = 2,
    SessionState = 3,
    /// <summary>The last sequence number a store or topic handed out (written by compaction).</summary>
    Sequence = 4,
    /// <summary>A message id remembered by duplicate detection (written by compaction).</summary>
    Duplicate = 5,
}
