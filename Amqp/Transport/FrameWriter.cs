using System.Buffers.Binary;
using Amqp.Framing;

namespace Amqp.Transport;

/// <summary>
/// Coalesces outgoing frames: producers encode frames into a shared pending buffer (under the connection's lock) and
/// one writer loop swaps it for a spare buffer and writes it with a single call. Under load, many frames leave in
/// one socket write, and no frame needs its own allocation.
/// </summary>
internal sealed class FrameWriter : IAsyncDisposable
{
    /// <summary>Producers pause when this many bytes wait to be written, so a slow peer cannot grow our memory.</summary>
    public const int HighWaterMark = 4 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly object _sync;
    private readonly AsyncSignal _dataAvailable = new();
    private readonly Task _loop;
    private AmqpWriter _pending = new(64 * 1024);
    private AmqpWriter _spare = new(64 * 1024);
    private Exception? _failure;
    private bool _completing;

    private readonly Action<Exception> _onFailure;
    private readonly Action _onBufferFreed;
    private TaskCompletionSource? _roomWaiter;

    /// <param name="onBufferFreed">Called (without the lock) after a full buffer was taken for writing, so queued sends can resume.</param>
    public FrameWriter(Stream stream, object sync, Action<Exception> onFailure, Action onBufferFreed)
    {
        _onBufferFreed = onBufferFreed;
        _stream = stream;
        _sync = sync;
        _onFailure = onFailure;
        _loop = Task.Run(WriteLoopAsync);
    }

    /// <summary>Ticks of the last time bytes were handed to the stream (read by the heartbeat timer).</summary>
    public long LastWriteTicks { get; private set; } = Environment.TickCount64;

    public Exception? Failure => _failure;

    /// <summary>The buffer frames are encoded into; only touch it while holding the connection's lock.</summary>
    public AmqpWriter Pending => _pending;

    public bool IsAboveHighWater => _pending.Length >= HighWaterMark;

    /// <summary>
    /// True when so much output waits (dispositions and flows the peer provokes but does not read) that the reader
    /// should stop taking input until the writer catches up: this turns a peer that never reads into TCP backpressure
    /// instead of unbounded memory.
    /// </summary>
    public bool IsAboveReadPauseMark => _pending.Length >= 2 * HighWaterMark;

    /// <summary>Completes when the writer has taken the pending buffer (or failed).</summary>
    public Task WaitForRoomAsync()
    {
        lock (_sync)
        {
            if (_pending.Length < 2 * HighWaterMark || _failure is not null)
            {
                return Task.CompletedTask;
            }

            return (_roomWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>Starts a frame; returns the offset to pass to <see cref="EndFrame"/>.</summary>
    public int BeginFrame()
    {
        var start = _pending.Length;
        _pending.Reserve(FrameType.HeaderSize);
        return start;
    }

    public void EndFrame(int start, byte type, ushort channel)
    {
        var header = _pending.Slice(start, FrameType.HeaderSize);
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(_pending.Length - start));
        header[4] = 2;
        header[5] = type;
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], channel);
    }

    public void WriteEmptyFrame()
    {
        var start = BeginFrame();
        EndFrame(start, FrameType.Amqp, 0);
    }

    public void WriteFrame(byte type, ushort channel, Performative? body, ReadOnlySpan<byte> payload = default)
    {
        var start = BeginFrame();
        body?.Encode(_pending);
        _pending.WriteRaw(payload);
        EndFrame(start, type, channel);
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes) => _pending.WriteRaw(bytes);

    /// <summary>Wakes the writer loop; call after releasing the lock.</summary>
    public void Signal() => _dataAvailable.Set();

    /// <summary>Writes whatever is pending, then stops the loop.</summary>
    public async Task FlushAndStopAsync()
    {
        _completing = true;
        _dataAvailable.Set();
        await _loop.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (true)
            {
                AmqpWriter batch;
                var wasFull = false;
                TaskCompletionSource? roomWaiter = null;
                lock (_sync)
                {
                    if (_pending.Length > 0)
                    {
                        batch = _pending;
                        _pending = _spare;
                        _spare = batch;
                        wasFull = batch.Length >= HighWaterMark;
                        roomWaiter = _roomWaiter;
                        _roomWaiter = null;
                    }
                    else
                    {
                        batch = null!;
                    }
                }

                if (batch is null)
                {
                    if (_completing)
                    {
                        return;
                    }

                    await _dataAvailable.WaitAsync().ConfigureAwait(false);
                    continue;
                }

                roomWaiter?.TrySetResult();
                if (wasFull)
                {
                    _onBufferFreed();
                }

                await _stream.WriteAsync(batch.WrittenMemory).ConfigureAwait(false);
                LastWriteTicks = Environment.TickCount64;
                batch.Reset();
                if (batch.Buffer.Length > 1024 * 1024)
                {
                    // Give back buffers that grew for one large message rather than holding them for the connection's life.
                    batch.Dispose();
                    lock (_sync)
                    {
                        _spare = new AmqpWriter(64 * 1024);
                    }
                }
            }
        }
        catch (Exception exception)
        {
            lock (_sync)
            {
                _failure = exception;
                _pending.Reset();
                _roomWaiter?.TrySetResult();
            }

            _onFailure(exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _completing = true;
        _dataAvailable.Set();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch
        {
            // The loop records its own failure.
        }
    }
}
