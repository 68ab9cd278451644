using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AzureClientIntegrations;

/// <summary>
/// Ready when the queue answers a peek (the namespace is reachable, the credentials are accepted, the queue exists and
/// may be read), or, for a topic, when a send link to it attaches. Thread-safe; one instance serves every probe of a
/// host, and its link is closed when the host's container is disposed.
/// </summary>
/// <remarks>
/// An orchestrator probes every few seconds, so a probe must be cheap and must end: one receiver (or sender) is kept
/// across probes on the client's shared connection and replaced after a failed probe, and each probe ends after
/// <see cref="ProbeTimeout"/> at the latest with the namespace, the entity and the reason in its description.
/// </remarks>
internal sealed class ServiceBusEntityHealthCheck(ServiceBusClient client, string entityPath, bool isQueue) : IHealthCheck, IAsyncDisposable
{
    /// <summary>
    /// Long enough for a first probe that connects, authorises and attaches; short enough that an orchestrator waiting
    /// a few seconds gets the 503 rather than its own timeout.
    /// </summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly Lock _linkLock = new();
    private IAsyncDisposable? _link;
    private bool _disposed;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var subject = $"Service Bus {(isQueue ? "queue" : "topic")} '{entityPath}' on {client.FullyQualifiedNamespace}";
        if (client.IsClosed)
        {
            return HealthCheckResult.Unhealthy($"{subject}: the Service Bus client is closed");
        }

        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(ProbeTimeout);
        IAsyncDisposable link;
        try
        {
            link = GetLink();
        }
        catch (ObjectDisposedException)
        {
            // Disposed with the host: the client may not report closed yet (its owner disposes it after this check), and
            // a probe must not open a new link on a host that is going away.
            return HealthCheckResult.Unhealthy($"{subject}: the Service Bus client is closed");
        }

        try
        {
            // WaitAsync as well as the token: the probe ends on time even if a step below does not observe cancellation.
            await ProbeAsync(link, probe.Token).WaitAsync(ProbeTimeout, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{subject} answers");
        }
        catch (ServiceBusException exception)
        {
            await ReplaceAsync(link).ConfigureAwait(false);
            return HealthCheckResult.Unhealthy($"{subject} is not usable ({exception.Reason}): {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // The client retries refused connections within the probe, so "did not answer" covers a closed port, a broker
            // that accepts connections but never replies, and one still recovering.
            await ReplaceAsync(link).ConfigureAwait(false);
            return HealthCheckResult.Unhealthy(
                $"{subject} did not answer within {ProbeTimeout.TotalSeconds:0.###} s: the namespace is unreachable, not responding, or refusing connections");
        }
        catch (ObjectDisposedException exception)
        {
            return HealthCheckResult.Unhealthy($"{subject}: the Service Bus client is closed", exception);
        }
    }

    // A peek proves the queue may be read; a batch needs the send link attached, which proves the topic exists.
    private static async Task ProbeAsync(IAsyncDisposable link, CancellationToken cancellationToken)
    {
        if (link is ServiceBusReceiver receiver)
        {
            await receiver.PeekMessageAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        using var batch = await ((ServiceBusSender)link).CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
    }

    private IAsyncDisposable GetLink()
    {
        lock (_linkLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _link ??= isQueue ? client.CreateReceiver(entityPath) : client.CreateSender(entityPath);
        }
    }

    private async Task ReplaceAsync(IAsyncDisposable failed)
    {
        lock (_linkLock)
        {
            if (!ReferenceEquals(_link, failed))
            {
                return;
            }

            _link = null;
        }

        await failed.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        IAsyncDisposable? link;
        lock (_linkLock)
        {
            (link, _link) = (_link, null);
            _disposed = true;
        }

        if (link is not null)
        {
            await link.DisposeAsync().ConfigureAwait(false);
        }
    }
}
