using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceBus.HealthChecks;

/// <summary>
/// Ready when the queue answers a peek over its <c>$management</c> link: the namespace is reachable, the credentials
/// are accepted and the queue exists. Thread-safe; one instance serves every probe of a host and is disposed with it.
/// </summary>
/// <remarks>
/// An orchestrator probes every few seconds, so a probe must be cheap and must end. One receiver is kept across probes
/// (created on the first probe, replaced after a failed one); under it the client keeps one management link per
/// entity on its shared connection and re-attaches it after a drop, so a healthy probe is one request and one reply
/// on links that are already open. A peek carries at most one message back. Each probe ends after
/// <see cref="ProbeTimeout"/> at the latest, with the namespace, the queue and the reason in the description.
/// </remarks>
public sealed class ServiceBusQueueHealthCheck : IHealthCheck, IAsyncDisposable
{
    /// <summary>
    /// Long enough for a first probe that connects, authorises and attaches (and a link still opening when a probe
    /// gives up keeps opening for the next one); short enough that a caller waiting 3 s, as the AppHost's health
    /// polling does, gets the 503 rather than its own timeout.
    /// </summary>
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly ServiceBusClient _client;
    private readonly Lock _receiverLock = new();
    private ServiceBusReceiver? _receiver;
    private bool _disposed;

    public ServiceBusQueueHealthCheck(ServiceBusClient client, string queueName, TimeSpan? probeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(queueName);
        if (probeTimeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(probeTimeout), "The probe timeout must be positive.");
        }

        _client = client;
        QueueName = queueName;
        ProbeTimeout = probeTimeout ?? DefaultProbeTimeout;
    }

    public string QueueName { get; }

    /// <summary>How long one probe may take before it reports the queue as not answering.</summary>
    public TimeSpan ProbeTimeout { get; }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var subject = $"Service Bus queue '{QueueName}' on {_client.FullyQualifiedNamespace}";
        if (_client.IsClosed)
        {
            return HealthCheckResult.Unhealthy($"{subject}: the Service Bus client is closed");
        }

        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(ProbeTimeout);
        ServiceBusReceiver? receiver = null;
        try
        {
            receiver = GetReceiver();
            // WaitAsync as well as the token: the probe ends on time even if a step below does not observe cancellation.
            await receiver.PeekMessageAsync(cancellationToken: probe.Token).WaitAsync(ProbeTimeout, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{subject} answers");
        }
        catch (ServiceBusException exception)
        {
            await ReplaceAsync(receiver).ConfigureAwait(false);
            return HealthCheckResult.Unhealthy($"{subject} is not usable ({exception.Reason}): {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // The client retries refused connections within the probe too, so "not answering" covers a closed port,
            // a broker that accepts connections but never replies, and one still recovering. No exception attached:
            // it would only be the cancellation, and the health-check log writes it with every failing probe.
            await ReplaceAsync(receiver).ConfigureAwait(false);
            return HealthCheckResult.Unhealthy(
                $"{subject} did not answer within {ProbeTimeout.TotalSeconds:0.###} s: the namespace is unreachable, not responding, or refusing connections");
        }
        catch (ObjectDisposedException exception)
        {
            return HealthCheckResult.Unhealthy($"{subject}: the Service Bus client is closed", exception);
        }
    }

    private ServiceBusReceiver GetReceiver()
    {
        lock (_receiverLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _receiver ??= _client.CreateReceiver(QueueName, new ServiceBusReceiverOptions { PrefetchCount = 0 });
        }
    }

    /// <summary>After a failed probe the next one starts from a new receiver, so nothing a failure left behind carries over.</summary>
    private async Task ReplaceAsync(ServiceBusReceiver? failed)
    {
        if (failed is null)
        {
            return;
        }

        lock (_receiverLock)
        {
            if (!ReferenceEquals(_receiver, failed))
            {
                return; // another probe replaced it already
            }

            _receiver = null;
        }

        await failed.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        ServiceBusReceiver? receiver;
        lock (_receiverLock)
        {
            _disposed = true;
            (receiver, _receiver) = (_receiver, null);
        }

        if (receiver is not null)
        {
            await receiver.DisposeAsync().ConfigureAwait(false);
        }
    }
}
