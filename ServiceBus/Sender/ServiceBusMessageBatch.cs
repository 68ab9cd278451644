using System.Diagnostics;
using ServiceBus.Diagnostics;
using ServiceBus.Transport;

namespace ServiceBus;

/// <summary>
/// Messages that fit together in one transfer: <see cref="TryAddMessage"/> refuses a message that would take the
/// encoded batch past <see cref="MaxSizeInBytes"/> (the link's max-message-size unless the caller set less).
/// </summary>
public sealed class ServiceBusMessageBatch : IDisposable
{
    private readonly List<byte[]> _encoded = [];
    private readonly List<ServiceBusMessage> _messages = [];
    private long _envelopeOverhead;
    private long _sectionsSize;
    private bool _locked;

    internal ServiceBusMessageBatch(long maxSizeInBytes)
    {
        MaxSizeInBytes = maxSizeInBytes;
    }

    public long MaxSizeInBytes { get; }

    /// <summary>The encoded size of the transfer this batch will become.</summary>
    public long SizeInBytes => _encoded.Count switch
    {
        0 => 0,
        1 => _encoded[0].Length,
        _ => _envelopeOverhead + _sectionsSize,
    };

    public int Count => _encoded.Count;

    internal IReadOnlyList<byte[]> EncodedMessages => _encoded;

    internal IReadOnlyList<ServiceBusMessage> Messages => _messages;

    public bool TryAddMessage(ServiceBusMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_locked)
        {
            throw new InvalidOperationException("The batch is being sent; it cannot change until the send completes.");
        }

        // The message's own span: its traceparent goes into Diagnostic-Id now, because the message is encoded now.
        using (var activity = ServiceBusDiagnostics.ActivitySource.StartActivity("ServiceBus.Message", ActivityKind.Producer))
        {
            DiagnosticIdPropagation.Inject(message, activity ?? Activity.Current);
        }

        var encoded = AmqpMessageConverter.Encode(AmqpMessageConverter.ToAmqpMessage(message));
        var overhead = _encoded.Count == 0
            ? AmqpMessageConverter.Encode(AmqpMessageConverter.CreateBatchEnvelope([], message)).Length
            : _envelopeOverhead;
        var sections = _sectionsSize + encoded.Length + AmqpMessageConverter.DataSectionOverhead(encoded.Length);
        if (overhead + sections > MaxSizeInBytes)
        {
            return false;
        }

        _envelopeOverhead = overhead;
        _sectionsSize = sections;
        _encoded.Add(encoded);
        _messages.Add(message);
        return true;
    }

    internal void Lock() => _locked = true;

    internal void Unlock() => _locked = false;

    public void Dispose()
    {
        _encoded.Clear();
        _messages.Clear();
    }
}
