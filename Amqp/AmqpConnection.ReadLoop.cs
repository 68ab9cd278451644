using Amqp.Framing;
using Amqp.Sasl;
using Amqp.Transport;

namespace Amqp;

// The reader loop: one frame at a time under the lock, heartbeats and the idle time-out (spec 2.4.5).
public sealed partial class AmqpConnection
{
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
            // The spec asks for a frame at least every idle/2; sending after idle/4 of silence keeps that promise
            // even when this timer fires late on a busy machine.
            if (_isClosed || remoteIdle == 0 || now - Writer.LastWriteTicks < remoteIdle / 4)
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
}
