using System.Diagnostics;
using ServiceBus.Diagnostics;
using ServiceBus.Transport;

namespace ServiceBus;

/// <summary>
/// Receives continuously and runs <see cref="ProcessMessageAsync"/> for each message on up to
/// <see cref="ServiceBusProcessorOptions.MaxConcurrentCalls"/> handlers at once, renewing locks while handlers run,
/// settling per the options, and reporting every failure to <see cref="ProcessErrorAsync"/>.
/// </summary>
public class ServiceBusProcessor : IAsyncDisposable
{
    // A receive call waits this long before it loops (and notices a stop request through its token anyway).
    private static readonly TimeSpan ReceiveWait = TimeSpan.FromSeconds(30);

    private readonly AmqpConnectionScope _scope;
    private readonly ServiceBusRetryPolicy _retry;
    private readonly ServiceBusProcessorOptions _options;
    private readonly SemaphoreSlim _stateLock = new(1, 1);
    private Func<ProcessMessageEventArgs, Task>? _processMessage;
    private Func<ProcessErrorEventArgs, Task>? _processError;
    private ServiceBusReceiver? _receiver;
    private CancellationTokenSource? _stopping;
    private Task[] _workers = [];
    private volatile bool _closed;

    internal ServiceBusProcessor(string entityPath, AmqpConnectionScope scope, ServiceBusRetryPolicy retry, ServiceBusProcessorOptions options, string identifier)
    {
        EntityPath = entityPath;
        _scope = scope;
        _retry = retry;
        _options = options;
        Identifier = identifier;
    }

    /// <summary>For mocking in tests of code that uses a processor.</summary>
    protected ServiceBusProcessor()
    {
        EntityPath = string.Empty;
        Identifier = string.Empty;
        _scope = null!;
        _retry = null!;
        _options = new ServiceBusProcessorOptions();
    }

    public string EntityPath { get; }

    public string FullyQualifiedNamespace => _scope.Endpoint.FullyQualifiedNamespace;

    public string Identifier { get; }

    public int MaxConcurrentCalls => _options.MaxConcurrentCalls;

    public int PrefetchCount => _options.PrefetchCount;

    public bool AutoCompleteMessages => _options.AutoCompleteMessages;

    public TimeSpan MaxAutoLockRenewalDuration => _options.MaxAutoLockRenewalDuration;

    public ServiceBusReceiveMode ReceiveMode => _options.ReceiveMode;

    public virtual bool IsProcessing => _stopping is { IsCancellationRequested: false };

    public bool IsClosed => _closed || _scope.IsDisposed;

    /// <summary>The message handler (exactly one; set before starting).</summary>
    public event Func<ProcessMessageEventArgs, Task> ProcessMessageAsync
    {
        add => _processMessage = _processMessage is null && !IsProcessing ? value : throw new NotSupportedException("The message handler is already set, or the processor is running.");
        remove => _processMessage = _processMessage == value && !IsProcessing ? null : throw new ArgumentException("That handler is not the one set, or the processor is running.");
    }

    /// <summary>The error handler (exactly one; set before starting).</summary>
    public event Func<ProcessErrorEventArgs, Task> ProcessErrorAsync
    {
        add => _processError = _processError is null && !IsProcessing ? value : throw new NotSupportedException("The error handler is already set, or the processor is running.");
        remove => _processError = _processError == value && !IsProcessing ? null : throw new ArgumentException("That handler is not the one set, or the processor is running.");
    }

    public virtual async Task StartProcessingAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (_processMessage is null || _processError is null)
        {
            throw new InvalidOperationException("Set both ProcessMessageAsync and ProcessErrorAsync before starting the processor.");
        }

        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsProcessing)
            {
                throw new InvalidOperationException("The processor is already running.");
            }

            _receiver = new ServiceBusReceiver(EntityPath, _scope, _retry,
                new ServiceBusReceiverOptions { ReceiveMode = _options.ReceiveMode, PrefetchCount = _options.PrefetchCount }, Identifier);
            _stopping = new CancellationTokenSource();
            var receiver = _receiver;
            var stopping = _stopping.Token;
            _workers = Enumerable.Range(0, _options.MaxConcurrentCalls)
                .Select(_ => Task.Run(() => RunWorkerAsync(receiver, stopping), CancellationToken.None))
                .ToArray();
        }
        finally
        {
            _stateLock.Release();
        }
    }

    /// <summary>Stops receiving, waits for running handlers (up to <see cref="ServiceBusProcessorOptions.StopTimeout"/> or the token), then closes the link.</summary>
    public virtual async Task StopProcessingAsync(CancellationToken cancellationToken = default)
    {
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopping is null)
            {
                return;
            }

            await _stopping.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(_workers).WaitAsync(_options.StopTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Handlers still running lose their link below; their messages' locks expire and the broker redelivers them.
            }

            if (_receiver is { } receiver)
            {
                await receiver.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            }

            _stopping.Dispose();
            _stopping = null;
            _receiver = null;
            _workers = [];
        }
        finally
        {
            _stateLock.Release();
        }
    }

    private async Task RunWorkerAsync(ServiceBusReceiver receiver, CancellationToken stopping)
    {
        var failures = 0;
        var creditTarget = (uint)_options.MaxConcurrentCalls;
        while (!stopping.IsCancellationRequested)
        {
            IReadOnlyList<ServiceBusReceivedMessage> messages;
            try
            {
                messages = await receiver.ReceiveCoreAsync(1, ReceiveWait, drainUnused: false, creditTarget, stopping).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException) when (_scope.IsDisposed)
            {
                // The client was disposed under a running processor: nothing can be received any more.
                return;
            }
            catch (Exception exception)
            {
                await ReportErrorAsync(exception, ServiceBusErrorSource.Receive, stopping).ConfigureAwait(false);
                // The retry policy already retried; wait before asking again so a broker outage is not a busy loop.
                failures++;
                var delay = _retry.CalculateRetryDelay(new ServiceBusException(true, "backoff", EntityPath), Math.Min(failures, _retry.Options.MaxRetries), Random.Shared)
                            ?? _retry.Options.Delay;
                try
                {
                    await Task.Delay(delay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            foreach (var message in messages)
            {
                await ProcessOneAsync(receiver, message, stopping).ConfigureAwait(false);
            }
        }
    }

    private async Task ProcessOneAsync(ServiceBusReceiver receiver, ServiceBusReceivedMessage message, CancellationToken stopping)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = ServiceBusDiagnostics.StartProcess(FullyQualifiedNamespace, EntityPath, message);
        using var handlerDone = new CancellationTokenSource();
        var peekLock = _options.ReceiveMode == ServiceBusReceiveMode.PeekLock;
        var renewal = peekLock && _options.MaxAutoLockRenewalDuration > TimeSpan.Zero
            ? RenewLockAsync(receiver, message, handlerDone.Token)
            : Task.CompletedTask;
        var outcome = "completed";
        try
        {
            await _processMessage!(new ProcessMessageEventArgs(message, receiver, Identifier, stopping)).ConfigureAwait(false);
            await handlerDone.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
            if (peekLock && _options.AutoCompleteMessages && !message.IsSettled)
            {
                try
                {
                    await receiver.CompleteMessageAsync(message, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    outcome = "failed";
                    activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
                    await ReportErrorAsync(exception, ServiceBusErrorSource.Complete, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception)
        {
            outcome = "failed";
            await handlerDone.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            await ReportErrorAsync(exception, ServiceBusErrorSource.ProcessMessageCallback, stopping).ConfigureAwait(false);
            // Whatever AutoCompleteMessages says (as Azure.Messaging.ServiceBus does): a handler that threw without
            // settling gives the message back at once, so it is redelivered now rather than when its lock expires,
            // and MaxDeliveryCount dead-letters one that always fails. A lost lock has nothing left to abandon.
            if (peekLock && !message.IsSettled && exception is not ServiceBusException { Reason: ServiceBusFailureReason.MessageLockLost })
            {
                try
                {
                    await receiver.AbandonMessageAsync(message, null, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception abandonFailure)
                {
                    await ReportErrorAsync(abandonFailure, ServiceBusErrorSource.Abandon, stopping).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ServiceBusDiagnostics.ProcessingDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                new KeyValuePair<string, object?>("messaging.destination.name", EntityPath), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    /// <summary>Renews the lock shortly before it runs out, until the handler finishes or the renewal budget is spent.</summary>
    private async Task RenewLockAsync(ServiceBusReceiver receiver, ServiceBusReceivedMessage message, CancellationToken handlerDone)
    {
        var deadline = DateTimeOffset.UtcNow + _options.MaxAutoLockRenewalDuration;
        while (!handlerDone.IsCancellationRequested)
        {
            var remaining = message.LockedUntil - DateTimeOffset.UtcNow;
            // Renew 10 s before expiry, or half-way through a shorter lock, so a slow broker reply still lands in time.
            var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, remaining.Ticks / 2));
            var wait = remaining - margin;
            if (DateTimeOffset.UtcNow + wait > deadline)
            {
                return;
            }

            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, handlerDone).ConfigureAwait(false);
                }

                await receiver.RenewMessageLockAsync(message, handlerDone).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (handlerDone.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                await ReportErrorAsync(exception, ServiceBusErrorSource.RenewLock, CancellationToken.None).ConfigureAwait(false);
                if (exception is ServiceBusException { Reason: ServiceBusFailureReason.MessageLockLost })
                {
                    return;
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), handlerDone).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ReportErrorAsync(Exception exception, ServiceBusErrorSource source, CancellationToken cancellationToken)
    {
        try
        {
            await _processError!(new ProcessErrorEventArgs(exception, source, FullyQualifiedNamespace, EntityPath, Identifier, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The error handler failing must not stop the processor; there is nobody left to report it to.
        }
    }

    public virtual async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_closed)
        {
            return;
        }

        await StopProcessingAsync(cancellationToken).ConfigureAwait(false);
        _closed = true;
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
