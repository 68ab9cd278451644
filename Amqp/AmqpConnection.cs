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
