namespace Consumer.Processing;

/// <summary>The dead-letter reasons the consumer gives; the description says what exactly was wrong.</summary>
public static class DeadLetterReasons
{
    /// <summary>The message is not a valid store event (bad JSON, missing or wrong fields, unknown event type).</summary>
    public const string InvalidEvent = "InvalidEvent";

    /// <summary>
    /// A different event is already archived under this id. Retrying cannot change that, and overwriting would lose the
    /// first event, so the message waits in the dead-letter queue for a person to decide.
    /// </summary>
    public const string ConflictingEvent = "ConflictingEvent";
}
