using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Amqp.Framing;

namespace Amqp.Transport;

/// <summary>
/// Reads frames from a stream into one pooled buffer. The announced size is checked against the negotiated
/// max-frame-size before the buffer grows, so a peer announcing a 4 GiB frame gets a framing error, not an allocation.
/// </summary>
internal sealed class FrameReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;

    public FrameReader(Stream stream, uint maxFrameSize)
    {
        _stream = stream;
        MaxFrameSize = maxFrameSize;
        _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    }

    /// <summary>The largest frame this side accepts (what it announced in its open).</summary>
    public uint MaxFrameSize { get; set; }

    /// <summary>Ticks of the last time bytes arrived (read by the idle time-out check).</summary>
    public long LastReadTicks { get; private set; } = Environment.TickCount64;

    /// <summary>Reads an 8-byte protocol header; false if the stream ended first.</summary>
    public async ValueTask<bool> ReadProtocolHeaderAsync(Memory<byte> header, CancellationToken cancellationToken)
    {
        if (!await FillAsync(ProtocolHeader.Size, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        _buffer.AsMemory(_start, ProtocolHeader.Size).CopyTo(header);
        _start += ProtocolHeader.Size;
        return true;
    }

    /// <summary>Reads the next frame; null when the peer closed the stream cleanly between frames.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Frame?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        if (!await FillAsync(FrameType.HeaderSize, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var header = _buffer.AsSpan(_start, FrameType.HeaderSize);
        var size = BinaryPrimitives.ReadUInt32BigEndian(header);
        var dataOffset = header[4] * 4;
        var type = header[5];
        var channel = BinaryPrimitives.ReadUInt16BigEndian(header[6..]);
        if (size < FrameType.HeaderSize)
        {
            throw new AmqpException(ErrorCondition.FramingError, $"Frame size {size} is smaller than a frame header.");
        }

        if (size > MaxFrameSize)
        {
            throw new AmqpException(ErrorCondition.FramingError, $"Frame size {size} exceeds the max-frame-size {MaxFrameSize}.");
        }

        if (dataOffset < FrameType.HeaderSize || dataOffset > size)
        {
            throw new AmqpException(ErrorCondition.FramingError, $"Frame data offset {dataOffset} is invalid for a {size}-byte frame.");
        }

        if (!await FillAsync((int)size, cancellationToken).ConfigureAwait(false))
        {
            throw new EndOfStreamException("The peer closed the connection in the middle of a frame.");
        }

        var body = _buffer.AsMemory(_start + dataOffset, (int)size - dataOffset);
        _start += (int)size;
        return new Frame(type, channel, body);
    }

    /// <summary>Makes at least <paramref name="count"/> unread bytes available; false on end of stream before any byte.</summary>
    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (_buffer.Length - _start < count)
        {
            var unread = _end - _start;
            if (_buffer.Length < count)
            {
                var larger = ArrayPool<byte>.Shared.Rent(count);
                _buffer.AsSpan(_start, unread).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
            else
            {
                _buffer.AsSpan(_start, unread).CopyTo(_buffer);
            }

            _start = 0;
            _end = unread;
        }

        while (_end - _start < count)
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_end == _start)
                {
                    return false;
                }

                throw new EndOfStreamException("The peer closed the connection in the middle of a frame.");
            }

            _end += read;
            LastReadTicks = Environment.TickCount64;
        }

        return true;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
