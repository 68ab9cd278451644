using Azure.Messaging.ServiceBus;

namespace Consumer.Tests;

/// <summary>
/// The handler's side of a delivery without a broker: records how the handler settled the message (a test double of
/// the one dependency, the settlement calls); storage stays real.
/// </summary>
internal sealed class RecordedSettlement : ProcessMessageEventArgs
{
    private readonly List<(string Outcome, string? Reason, string? Description)> _settlements = [];

    public RecordedSettlement(ServiceBusReceivedMessage message, CancellationToken stopping = default)
        : base(message, new DetachedReceiver(), "handler-test", stopping)
    {
    }

    public IReadOnlyList<(string Outcome, string? Reason, string? Description)> Settlements
    {
        get
        {
            lock (_settlements)
            {
                return [.. _settlements];
            }
        }
    }

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) => Record("complete", null, null);

    public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
        Record("abandon", null, null);

    public override Task DeferMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
        Record("defer", null, null);

    public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, string deadLetterReason, string? deadLetterErrorDescription = null,
        CancellationToken cancellationToken = default) => Record("deadletter", deadLetterReason, deadLetterErrorDescription);

    public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null,
        CancellationToken cancellationToken = default) => Record("deadletter", null, null);

    public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify, string? deadLetterReason,
        string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default) => Record("deadletter", deadLetterReason, deadLetterErrorDescription);

    private Task Record(string outcome, string? reason, string? description)
    {
        lock (_settlements)
        {
            _settlements.Add((outcome, reason, description));
        }

        return Task.CompletedTask;
    }

    // Never used for settling (the overrides above do that); the base class only wants one to name the entity.
    private sealed class DetachedReceiver : ServiceBusReceiver;
}
