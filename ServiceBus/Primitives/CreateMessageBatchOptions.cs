namespace ServiceBus;

public sealed class CreateMessageBatchOptions
{
    /// <summary>A limit below the link's max-message-size; the link's limit when null.</summary>
    public long? MaxSizeInBytes { get; set; }
}
