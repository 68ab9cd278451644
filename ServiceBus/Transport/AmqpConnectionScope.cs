using System.Collections.Concurrent;
using ServiceBus.Authorization;

namespace ServiceBus.Transport;

/// <summary>
/// One AMQP connection to the namespace, opened lazily and re-opened after it drops, with the CBS link that
/// authorises every audience before its link attaches and a loop that puts fresh tokens before the old ones expire.
/// </summary>
internal sealed class AmqpConnectionScope : IAsyncDisposable
{
    public static readonly AmqpSymbol TimeoutProperty = new("com.microsoft:timeout");
    public static readonly AmqpSymbol EntityTypeProperty = new("com.microsoft:entity-type");

    // Renew when this share of the token's lifetime has passed (SAS: 48 of 60 minutes; JS renews at 45).
    private const double RefreshAtLifetimeFraction = 0.8;
    private static readonly TimeSpan RefreshPollCap = TimeSpan.FromSeconds(1);

    private readonly ServiceBusEndpoint _endpoint;
    private readonly ICbsTokenProvider _tokens;
    private readonly ServiceBusClientOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _refreshDue = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<ManagementClient>> _management = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _disposed = new();
    private readonly Task _refreshLoop;
    private AmqpConnection? _connection;
    private CbsClient? _cbs;
    private int _generation;

    public AmqpConnectionScope(ServiceBusEndpoint endpoint, ICbsTokenProvider tokens, ServiceBusClientOptions options, TimeProvider? time = null)
    {
        _endpoint = endpoint;
        _tokens = tokens;
        _options = options;
        _time = time ?? TimeProvider.System;
        _refreshLoop = Task.Run(RefreshTokensAsync);
    }

    public ServiceBusEndpoint Endpoint => _endpoint;

    public bool IsDisposed => _disposed.IsCancellationRequested;

    /// <summary>Raised after each successful put-token (audience, token type): lets tests observe renewals.</summary>
    public event Action<string, string>? TokenPut;

    /// <summary>Increments every time a new connection replaces a dropped one.</summary>
    public int Generation => Volatile.Read(ref _generation);

    public async Task<SenderLink> OpenSenderLinkAsync(string entityPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = await AuthorizeAsync(entityPath, cancellationToken).ConfigureAwait(false);
        var session = await connection.BeginSessionAsync(null, cancellationToken).ConfigureAwait(false);
        return await AttachOrEndAsync(session, s => s.AttachSenderAsync(new AmqpLinkSettings
        {
            Name = $"{Guid.NewGuid():N};{entityPath}:sender",
            Source = new Source { Address = Guid.NewGuid().ToString("N") },
            Target = new Target { Address = entityPath },
            Properties = new AmqpMap { [TimeoutProperty] = ToMilliseconds(timeout) },
        }, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Peek-lock: (sender unsettled, receiver second); receive-and-delete: (sender settled, receiver first).</summary>
    public async Task<ReceiverLink> OpenReceiverLinkAsync(string entityPath, ServiceBusReceiveMode mode, uint initialCredit, CancellationToken cancellationToken)
    {
        var connection = await AuthorizeAsync(entityPath, cancellationToken).ConfigureAwait(false);
        var session = await connection.BeginSessionAsync(null, cancellationToken).ConfigureAwait(false);
        var peekLock = mode == ServiceBusReceiveMode.PeekLock;
        return await AttachOrEndAsync(session, s => s.AttachReceiverAsync(new AmqpLinkSettings
        {
            Name = $"{Guid.NewGuid():N};{entityPath}:receiver",
            Source = new Source { Address = entityPath },
            Target = new Target { Address = Guid.NewGuid().ToString("N") },
            SenderSettleMode = peekLock ? SenderSettleMode.Unsettled : SenderSettleMode.Settled,
            ReceiverSettleMode = peekLock ? ReceiverSettleMode.Second : ReceiverSettleMode.First,
            Credit = initialCredit,
            AutoRefillCredit = false,
        }, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The entity's management client on the current connection (opened on first use, re-opened after a drop).</summary>
    public async Task<ManagementClient> GetManagementClientAsync(string entityPath, CancellationToken cancellationToken)
    {
        while (true)
        {
            var opening = _management.GetOrAdd(entityPath, path => OpenManagementClientAsync(path));
            ManagementClient client;
            try
            {
                client = await opening.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch when (!cancellationToken.IsCancellationRequested)
            {
                _management.TryRemove(new KeyValuePair<string, Task<ManagementClient>>(entityPath, opening));
                throw;
            }

            if (!client.IsClosed)
            {
                return client;
            }

            _management.TryRemove(new KeyValuePair<string, Task<ManagementClient>>(entityPath, opening));
        }
    }

    private async Task<ManagementClient> OpenManagementClientAsync(string entityPath)
    {
        var node = entityPath + "/$management";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        timeout.CancelAfter(_options.RetryOptions.TryTimeout);
        var connection = await AuthorizeAsync(node, timeout.Token).ConfigureAwait(false);
        var link = await AmqpRequestResponseLink.OpenAsync(connection, node, new AmqpMap
        {
            [TimeoutProperty] = ToMilliseconds(_options.RetryOptions.TryTimeout),
            [EntityTypeProperty] = "entity-mgmt",
        }, timeout.Token).ConfigureAwait(false);
        return new ManagementClient(link, entityPath);
    }

    /// <summary>Connects if needed and puts a token for <c>sb://host/&lt;path&gt;</c>; the audience is then kept fresh.</summary>
    public async Task<AmqpConnection> AuthorizeAsync(string path, CancellationToken cancellationToken)
    {
        var (connection, cbs) = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        var audience = _endpoint.AudienceFor(path);
        await PutTokenAsync(cbs, audience, cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private async Task PutTokenAsync(CbsClient cbs, string audience, CancellationToken cancellationToken)
    {
        var issued = _time.GetUtcNow();
        var token = await _tokens.GetTokenAsync(audience, cancellationToken).ConfigureAwait(false);
        await cbs.PutTokenAsync(audience, token, cancellationToken).ConfigureAwait(false);
        var lifetime = token.ExpiresOn - issued;
        _refreshDue[audience] = issued + (lifetime > TimeSpan.Zero ? lifetime * RefreshAtLifetimeFraction : TimeSpan.Zero);
        TokenPut?.Invoke(audience, token.TokenType);
    }

    private async Task<(AmqpConnection, CbsClient)> GetConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsClosed: false } current && _cbs is { IsClosed: false } currentCbs)
        {
            return (current, currentCbs);
        }

        ObjectDisposedException.ThrowIf(IsDisposed, this);
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { IsClosed: false } connection && _cbs is { IsClosed: false } cbs)
            {
                return (connection, cbs);
            }

            ObjectDisposedException.ThrowIf(IsDisposed, this);
            if (_connection is { } dropped)
            {
                // Tokens and management links belonged to the old connection; the new one starts without them.
                _refreshDue.Clear();
                _management.Clear();
                Interlocked.Increment(ref _generation);
                await dropped.DisposeAsync().ConfigureAwait(false);
            }

            connection = await AmqpConnection.ConnectAsync(_endpoint.ConnectionAddress, new AmqpConnectionSettings
            {
                ContainerId = $"{_options.Identifier ?? "servicebus"}-{Guid.NewGuid():N}",
                HostName = _endpoint.FullyQualifiedNamespace,
                Sasl = Amqp.Sasl.SaslProfile.MsSbCbsOrAnonymous,
                IdleTimeout = _options.ConnectionIdleTimeout,
                MaxFrameSize = 256 * 1024,
                Properties = new AmqpMap { [new AmqpSymbol("product")] = "ServiceBus (our AMQP client)" },
            }, cancellationToken).ConfigureAwait(false);
            try
            {
                cbs = new CbsClient(await AmqpRequestResponseLink.OpenAsync(connection, CbsClient.NodeAddress, new AmqpMap
                {
                    [TimeoutProperty] = ToMilliseconds(_options.RetryOptions.TryTimeout),
                }, cancellationToken).ConfigureAwait(false));
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            _connection = connection;
            _cbs = cbs;
            return (connection, cbs);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task RefreshTokensAsync()
    {
        var stopping = _disposed.Token;
        while (!stopping.IsCancellationRequested)
        {
            var now = _time.GetUtcNow();
            var next = RefreshPollCap;
            foreach (var (audience, due) in _refreshDue)
            {
                if (due <= now)
                {
                    try
                    {
                        if (_cbs is { IsClosed: false } cbs)
                        {
                            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                            attempt.CancelAfter(_options.RetryOptions.TryTimeout);
                            await PutTokenAsync(cbs, audience, attempt.Token).ConfigureAwait(false);
                        }
                    }
                    catch (Exception) when (!stopping.IsCancellationRequested)
                    {
                        // A failed renewal is tried again shortly; a dropped connection re-authorises on reconnect.
                        _refreshDue[audience] = now + TimeSpan.FromSeconds(1);
                    }
                }
                else if (due - now < next)
                {
                    next = due - now;
                }
            }

            try
            {
                await Task.Delay(next < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : next, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<TLink> AttachOrEndAsync<TLink>(AmqpSession session, Func<AmqpSession, Task<TLink>> attach)
    {
        try
        {
            return await attach(session).ConfigureAwait(false);
        }
        catch
        {
            try
            {
                await session.EndAsync().ConfigureAwait(false);
            }
            catch (AmqpException)
            {
                // The session or connection is already gone; the attach failure is what matters.
            }

            throw;
        }
    }

    private static uint ToMilliseconds(TimeSpan timeout) => (uint)Math.Clamp(timeout.TotalMilliseconds, 0, uint.MaxValue);

    public async ValueTask DisposeAsync()
    {
        if (IsDisposed)
        {
            return;
        }

        _disposed.Cancel();
        await _refreshLoop.ConfigureAwait(false);
        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_connection is { } connection)
            {
                try
                {
                    await connection.CloseAsync().ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is AmqpException or IOException or ObjectDisposedException)
                {
                    // The broker is already gone; disposing below releases the socket.
                }

                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _connectLock.Release();
        }
    }
}
