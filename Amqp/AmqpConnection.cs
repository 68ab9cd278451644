using Amqp.Framing;
using Amqp.Sasl;
using Amqp.Transport;

namespace Amqp;

/// <summary>
/// One AMQP connection in either role. A reader loop decodes frames and drives the session and link state machines
/// under one lock; a writer loop flushes coalesced frames. Protocol violations close the connection with the matching
/// error condition; a peer that vanishes fails every pending operation.
/// </summary>
public sealed partial class AmqpConnection : IAsyncDisposable
{
    internal readonly object Sync = new();
    private readonly Stream _stream;
    private readonly FrameReader _reader;
    private readonly Dictionary<ushort, AmqpSession> _localChannels = new();
    private readonly Dictionary<ushort, AmqpSession> _remoteChannels = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _remoteClose = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Flow _flow = new();
    private readonly Transfer _transfer = new();
    private readonly Disposition _disposition = new();
    private Timer? _heartbeat;
    private bool _closeSent;
    private bool _isClosed;

    private AmqpConnection(Stream stream, AmqpConnectionSettings settings, AmqpListenerSettings? server)
    {
        _stream = stream;
        Settings = settings;
        ServerSettings = server;
        _reader = new FrameReader(stream, settings.MaxFrameSize);
        Writer = new FrameWriter(stream, Sync, exception => Abort(exception), ResumeQueuedSends);
    }

    public AmqpConnectionSettings Settings { get; }

    internal AmqpListenerSettings? ServerSettings { get; }

    internal FrameWriter Writer { get; }

    public bool IsServer => ServerSettings is not null;

    /// <summary>The open the peer sent (its container id, limits, properties).</summary>
    public Open RemoteOpen { get; private set; } = null!;

    /// <summary>The largest frame we may send (the peer's max-frame-size).</summary>
    public uint RemoteMaxFrameSize { get; private set; } = FrameType.MinMaxFrameSize;

    /// <summary>Completes when the connection is closed for any reason.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Why the connection closed, if it was not a clean close.</summary>
    public Error? Error { get; private set; }

    public bool IsClosed => _isClosed;

    /// <summary>Connects to <c>amqp://</c>, <c>amqps://</c>, <c>ws://</c> or <c>wss://</c> and opens the connection.</summary>
    public static async Task<AmqpConnection> ConnectAsync(Uri address, AmqpConnectionSettings settings, CancellationToken cancellationToken)
    {
        var stream = await AmqpTransport.ConnectAsync(address, cancellationToken, settings.RemoteCertificateValidation).ConfigureAwait(false);
        var own = settings.Clone();
        own.HostName ??= address.Host;
        try
        {
            return await OpenAsync(stream, own, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the client side of SASL and open over an already connected stream.</summary>
    public static async Task<AmqpConnection> OpenAsync(Stream stream, AmqpConnectionSettings settings, CancellationToken cancellationToken)
    {
        var connection = new AmqpConnection(stream, settings, null);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.OpenTimeout);
        try
        {
            if (settings.Sasl is { } sasl)
            {
                connection.SendRaw(ProtocolHeader.Sasl);
                await SaslNegotiation.RunClientAsync(sasl, settings.HostName, connection._reader, connection.Writer, connection.Sync, timeout.Token).ConfigureAwait(false);
            }

            connection.SendRaw(ProtocolHeader.Amqp);
            connection.SendOpen();
            var header = new byte[ProtocolHeader.Size];
            if (!await connection._reader.ReadProtocolHeaderAsync(header, timeout.Token).ConfigureAwait(false) || !header.AsSpan().SequenceEqual(ProtocolHeader.Amqp))
            {
                throw new AmqpException(ErrorCondition.NotAllowed, "The server did not answer with the AMQP protocol header.");
            }

            await connection.ReceiveOpenAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await connection.DropAsync(exception).ConfigureAwait(false);
            throw;
        }

        connection.Start();
        return connection;
    }

    /// <summary>Runs the server side of SASL and open over an accepted stream.</summary>
    public static async Task<AmqpConnection> AcceptAsync(Stream stream, AmqpListenerSettings settings, CancellationToken cancellationToken)
    {
        var connection = new AmqpConnection(stream, settings.Connection.Clone(), settings);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Connection.OpenTimeout);
        try
        {
            var header = new byte[ProtocolHeader.Size];
            if (!await connection._reader.ReadProtocolHeaderAsync(header, timeout.Token).ConfigureAwait(false))
            {
                throw new AmqpException(ErrorCondition.ConnectionForced, "The client closed the connection before its protocol header.");
            }

            if (header.AsSpan().SequenceEqual(ProtocolHeader.Sasl) && settings.Sasl is { } sasl)
            {
                if (!await SaslNegotiation.RunServerAsync(sasl, connection._reader, connection.Writer, connection.Sync, timeout.Token).ConfigureAwait(false))
                {
                    throw new AmqpException(ErrorCondition.UnauthorizedAccess, "SASL authentication failed.");
                }

                if (!await connection._reader.ReadProtocolHeaderAsync(header, timeout.Token).ConfigureAwait(false))
                {
                    throw new AmqpException(ErrorCondition.ConnectionForced, "The client closed the connection after SASL.");
                }
            }
            else if (!header.AsSpan().SequenceEqual(ProtocolHeader.Amqp) || (settings.Sasl is { AllowNoSasl: false }))
            {
                // Spec 2.2: answer an unsupported header with the one we support, then close.
                connection.SendRaw(settings.Sasl is null ? ProtocolHeader.Amqp : ProtocolHeader.Sasl);
                throw new AmqpException(ErrorCondition.NotAllowed, "Unsupported protocol header.");
            }

            if (!header.AsSpan().SequenceEqual(ProtocolHeader.Amqp))
            {
                connection.SendRaw(ProtocolHeader.Amqp);
                throw new AmqpException(ErrorCondition.NotAllowed, "Expected the AMQP protocol header after SASL.");
            }

            connection.SendRaw(ProtocolHeader.Amqp);
            try
            {
                await connection.ReceiveOpenAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (AmqpException exception)
            {
                // Spec 2.4.5: a close must follow an open, so answer a bad open with open + close(error).
                connection.SendOpen();
                connection.SendCloseBeforeDrop(exception.Error);
                throw;
            }

            connection.SendOpen();
        }
        catch (Exception exception)
        {
            await connection.DropAsync(exception).ConfigureAwait(false);
            throw;
        }

        connection.Start();
        return connection;
    }

    private void ResumeQueuedSends()
    {
        lock (Sync)
        {
            foreach (var session in _localChannels.Values)
            {
                session.PumpSenders();
            }
        }

        Writer.Signal();
    }

    private void SendCloseBeforeDrop(Error error)
    {
        lock (Sync)
        {
            _closeSent = true;
            Writer.WriteFrame(FrameType.Amqp, 0, new Close { Error = error });
        }

        Writer.Signal();
    }

    private void SendRaw(ReadOnlySpan<byte> bytes)
    {
        lock (Sync)
        {
            Writer.WriteRaw(bytes);
        }

        Writer.Signal();
    }

    private void SendOpen()
    {
        var open = new Open
        {
            ContainerId = Settings.ContainerId,
            Hostname = IsServer ? null : Settings.HostName,
            MaxFrameSize = Settings.MaxFrameSize,
            ChannelMax = Settings.ChannelMax,
            IdleTimeOut = Settings.IdleTimeout > TimeSpan.Zero ? (uint)Settings.IdleTimeout.TotalMilliseconds : null,
            OfferedCapabilities = Settings.OfferedCapabilities,
            DesiredCapabilities = Settings.DesiredCapabilities,
            Properties = Settings.Properties,
        };
        lock (Sync)
        {
            Writer.WriteFrame(FrameType.Amqp, 0, open);
        }

        Writer.Signal();
    }

    private async Task ReceiveOpenAsync(CancellationToken cancellationToken)
    {
        Frame? frame;
        do
        {
            frame = await _reader.ReadFrameAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new AmqpException(ErrorCondition.ConnectionForced, "The peer closed the connection before open.");
        }
        while (frame.Value.Body.Length == 0 && frame.Value.Type == FrameType.Amqp);

        if (frame.Value.Type != FrameType.Amqp)
        {
            throw new AmqpException(ErrorCondition.FramingError, "Expected an AMQP frame.");
        }

        var reader = new AmqpReader(frame.Value.Body.Span);
        var body = reader.ReadValue();
        if (body is Close close)
        {
            throw new AmqpException(close.Error ?? new Error(ErrorCondition.ConnectionForced, "The peer closed the connection instead of opening it."));
        }

        var open = body as Open ?? throw new AmqpException(ErrorCondition.IllegalState, "The first frame must be open.");
        var maxFrame = open.MaxFrameSize ?? uint.MaxValue;
        if (maxFrame < FrameType.MinMaxFrameSize)
        {
            throw new AmqpException(ErrorCondition.FrameSizeTooSmall, $"max-frame-size {maxFrame} is below the minimum of 512.");
        }

        RemoteOpen = open;
        RemoteMaxFrameSize = Math.Min(maxFrame, 64u * 1024 * 1024);
    }

    private void Start()
    {
        var remoteIdle = RemoteOpen.IdleTimeOut ?? 0;
        var localIdle = (uint)Settings.IdleTimeout.TotalMilliseconds;
        var periods = new List<uint>();
        if (remoteIdle > 0)
        {
            periods.Add(Math.Max(remoteIdle / 4, 50));
        }

        if (localIdle > 0)
        {
            periods.Add(Math.Max(localIdle / 4, 50));
        }

        if (periods.Count > 0)
        {
            var period = periods.Min();
            _heartbeat = new Timer(static state => ((AmqpConnection)state!).OnHeartbeatTimer(), this, period, period);
        }

        _ = Task.Run(ReadLoopAsync);
    }

    private void OnHeartbeatTimer()
    {
        var now = Environment.TickCount64;
        var remoteIdle = RemoteOpen.IdleTimeOut ?? 0;
        var localIdle = (long)Settings.IdleTimeout.TotalMilliseconds;
        if (localIdle > 0 && now - _reader.LastReadTicks > localIdle)
        {
            _ = CloseWithErrorAsync(new Error(ErrorCondition.ResourceLimitExceeded, $"No frame arrived within the idle time-out of {localIdle} ms."));
            return;
        }

        lock (Sync)
        {
            if (_isClosed || remoteIdle == 0 || now - Writer.LastWriteTicks < remoteIdle / 2)
            {
                return;
            }

            Writer.WriteEmptyFrame();
        }

        Writer.Signal();
    }

    private async Task ReadLoopAsync()
    {
        // The loop owns the read buffer: it goes back to the pool only when no read can still touch it.
        using var reader = _reader;
        var stopping = _shutdown.Token;
        try
        {
            while (true)
            {
                var frame = await reader.ReadFrameAsync(stopping).ConfigureAwait(false);
                if (frame is null)
                {
                    await DropAsync(new AmqpException(ErrorCondition.ConnectionForced, "The peer closed the socket without closing the connection.")).ConfigureAwait(false);
                    return;
                }

                bool closeReceived;
                lock (Sync)
                {
                    closeReceived = Dispatch(frame.Value);
                }

                Writer.Signal();
                if (closeReceived)
                {
                    await DropAsync(null).ConfigureAwait(false);
                    return;
                }

                if (Writer.IsAboveReadPauseMark)
                {
                    await Writer.WaitForRoomAsync().WaitAsync(stopping).ConfigureAwait(false);
                }
            }
        }
        catch (AmqpException exception)
        {
            await CloseWithErrorAsync(exception.Error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is IOException or EndOfStreamException or ObjectDisposedException or System.Net.Sockets.SocketException or System.Net.WebSockets.WebSocketException)
        {
            await DropAsync(new AmqpException(ErrorCondition.ConnectionForced, $"The connection was lost: {exception.Message}")).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A bug of ours must not take the process down: report it to the peer and drop the connection.
            await CloseWithErrorAsync(new Error(ErrorCondition.InternalError, exception.Message)).ConfigureAwait(false);
        }
    }

    /// <summary>Handles one frame under the lock; returns true when it was the peer's close.</summary>
    private bool Dispatch(Frame frame)
    {
        if (frame.Type != FrameType.Amqp)
        {
            throw new AmqpException(ErrorCondition.FramingError, $"Frame type {frame.Type} is not allowed after open.");
        }

        if (frame.Body.Length == 0)
        {
            return false;
        }

        var span = frame.Body.Span;
        var reader = new AmqpReader(span);
        var code = reader.ReadDescriptorCode();
        if (_isClosed)
        {
            return false;
        }

        switch (code)
        {
            case Transfer.Descriptor:
                _transfer.Clear();
                _transfer.DecodeBody(ref reader);
                GetSession(frame.Channel).OnTransfer(_transfer, span[reader.Position..]);
                return false;
            case Flow.Descriptor:
                _flow.Clear();
                _flow.DecodeBody(ref reader);
                GetSession(frame.Channel).OnFlow(_flow);
                return false;
            case Disposition.Descriptor:
                _disposition.Clear();
                _disposition.DecodeBody(ref reader);
                GetSession(frame.Channel).OnDisposition(_disposition);
                return false;
            case Attach.Descriptor:
                var attach = new Attach();
                attach.DecodeBody(ref reader);
                GetSession(frame.Channel).OnAttach(attach);
                return false;
            case Detach.Descriptor:
                var detach = new Detach();
                detach.DecodeBody(ref reader);
                GetSession(frame.Channel).OnDetach(detach);
                return false;
            case Begin.Descriptor:
                var begin = new Begin();
                begin.DecodeBody(ref reader);
                OnBegin(frame.Channel, begin);
                return false;
            case End.Descriptor:
                var end = new End();
                end.DecodeBody(ref reader);
                OnEnd(frame.Channel, end);
                return false;
            case Close.Descriptor:
                var close = new Close();
                close.DecodeBody(ref reader);
                OnClose(close);
                return true;
            case Open.Descriptor:
                throw new AmqpException(ErrorCondition.IllegalState, "The connection is already open.");
            default:
                throw new AmqpException(ErrorCondition.FramingError, $"Descriptor 0x{code:x} is not a performative.");
        }
    }

    private long _bufferedIncomingBytes;

    /// <summary>Under the lock: accounts bytes of partial deliveries against the connection-wide cap.</summary>
    internal void ReserveIncoming(int bytes)
    {
        _bufferedIncomingBytes += bytes;
        if (_bufferedIncomingBytes > Settings.MaxBufferedIncomingBytes)
        {
            throw new AmqpException(ErrorCondition.ResourceLimitExceeded,
                $"Unfinished deliveries exceed {Settings.MaxBufferedIncomingBytes} bytes on this connection.");
        }
    }

    internal void ReleaseIncoming(int bytes) => _bufferedIncomingBytes -= bytes;

    private AmqpSession GetSession(ushort channel) =>
        _remoteChannels.TryGetValue(channel, out var session)
            ? session
            : throw new AmqpException(ErrorCondition.NotFound, $"No session is mapped to channel {channel}.");

    /// <summary>Begins a session (client or server side).</summary>
    public async Task<AmqpSession> BeginSessionAsync(AmqpSessionSettings? settings, CancellationToken cancellationToken)
    {
        AmqpSession session;
        lock (Sync)
        {
            ThrowIfClosed();
            session = new AmqpSession(this, AllocateChannel(), settings ?? new AmqpSessionSettings());
            _localChannels[session.LocalChannel] = session;
            session.SendBegin(null);
        }

        Writer.Signal();
        await session.WaitBegunAsync(cancellationToken).ConfigureAwait(false);
        return session;
    }

    private ushort AllocateChannel()
    {
        var max = Math.Min(Settings.ChannelMax, RemoteOpen.ChannelMax ?? ushort.MaxValue);
        for (var channel = 0; channel <= max; channel++)
        {
            if (!_localChannels.ContainsKey((ushort)channel))
            {
                return (ushort)channel;
            }
        }

        throw new AmqpException(ErrorCondition.ResourceLimitExceeded, $"All {max + 1} channels are in use.");
    }

    private void OnBegin(ushort channel, Begin begin)
    {
        if (channel > Settings.ChannelMax)
        {
            throw new AmqpException(ErrorCondition.FramingError, $"Channel {channel} exceeds channel-max {Settings.ChannelMax}.");
        }

        if (_remoteChannels.ContainsKey(channel))
        {
            throw new AmqpException(ErrorCondition.IllegalState, $"Channel {channel} already has a session.");
        }

        AmqpSession session;
        if (begin.RemoteChannel is { } ours)
        {
            if (!_localChannels.TryGetValue(ours, out session!) || session.RemoteChannel is not null)
            {
                throw new AmqpException(ErrorCondition.IllegalState, $"Begin answers channel {ours}, which has no pending begin.");
            }
        }
        else
        {
            session = new AmqpSession(this, AllocateChannel(), ServerSettings?.Session ?? new AmqpSessionSettings());
            _localChannels[session.LocalChannel] = session;
            session.SendBegin(channel);
        }

        _remoteChannels[channel] = session;
        session.OnBegin(channel, begin);
    }

    private void OnEnd(ushort channel, End end)
    {
        var session = GetSession(channel);
        _remoteChannels.Remove(channel);
        session.OnEnd(end);
    }

    internal void ReleaseChannel(AmqpSession session)
    {
        if (session.IsEnded && _localChannels.TryGetValue(session.LocalChannel, out var current) && current == session)
        {
            _localChannels.Remove(session.LocalChannel);
        }
    }

    private void OnClose(Close close)
    {
        Error ??= close.Error;
        if (!_closeSent)
        {
            _closeSent = true;
            Writer.WriteFrame(FrameType.Amqp, 0, new Close());
        }

        _remoteClose.TrySetResult();
        var reason = close.Error is { } error ? new AmqpException(error) : new AmqpException(ErrorCondition.ConnectionForced, "The peer closed the connection.");
        AbortSessions(reason);
    }

    /// <summary>Closes the connection (sends close, waits for the peer's close, drops the socket).</summary>
    public async Task CloseAsync(Error? error = null, CancellationToken cancellationToken = default)
    {
        lock (Sync)
        {
            if (!_closeSent && !_isClosed)
            {
                _closeSent = true;
                Writer.WriteFrame(FrameType.Amqp, 0, new Close { Error = error });
            }
        }

        Writer.Signal();
        try
        {
            await _remoteClose.Task.WaitAsync(Settings.CloseTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException)
        {
        }

        await DropAsync(null).ConfigureAwait(false);
        await Closed.ConfigureAwait(false);
    }

    /// <summary>Sends close with <paramref name="error"/> (a protocol violation by the peer) and drops the connection.</summary>
    private async Task CloseWithErrorAsync(Error error)
    {
        lock (Sync)
        {
            Error ??= error;
            if (!_closeSent && !_isClosed)
            {
                _closeSent = true;
                Writer.WriteFrame(FrameType.Amqp, 0, new Close { Error = error });
            }
        }

        await DropAsync(new AmqpException(error)).ConfigureAwait(false);
    }

    private void Abort(Exception exception) => _ = DropAsync(exception);

    /// <summary>Fails everything pending, flushes what can still be written, and closes the stream.</summary>
    private async Task DropAsync(Exception? reason)
    {
        lock (Sync)
        {
            if (_isClosed)
            {
                return;
            }

            _isClosed = true;
            if (reason is AmqpException amqp)
            {
                Error ??= amqp.Error;
            }
            else if (reason is not null)
            {
                Error ??= new Error(ErrorCondition.ConnectionForced, reason.Message);
            }

            AbortSessions(reason as AmqpException ?? new AmqpException(Error ?? new Error(ErrorCondition.ConnectionForced, "The connection is closed.")));
        }

        _heartbeat?.Dispose();
        try
        {
            await Writer.FlushAndStopAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch
        {
            // The peer may already be gone; nothing more can be delivered.
        }

        _shutdown.Cancel();
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch
        {
            // Closing a broken transport can throw; the connection is gone either way.
        }

        _remoteClose.TrySetResult();
        _closed.TrySetResult();
    }

    private void AbortSessions(AmqpException reason)
    {
        foreach (var session in _localChannels.Values.ToArray())
        {
            session.Abort(reason);
        }
    }

    internal void ThrowIfClosed()
    {
        if (_isClosed || _closeSent)
        {
            throw new AmqpException(Error ?? new Error(ErrorCondition.IllegalState, "The connection is closed."));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_isClosed)
        {
            await CloseAsync().ConfigureAwait(false);
        }

        _shutdown.Dispose();
    }
}
