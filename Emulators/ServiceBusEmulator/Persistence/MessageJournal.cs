using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Persistence;

/// <summary>
/// An append-only journal with group commit: records are appended to an in-memory batch; one background writer
/// writes the batch and fsyncs it, then completes every waiter of that batch at once. On start the journal is
/// replayed (a torn last record is ignored) and compacted into a snapshot of the live state, written to a new file
/// and atomically renamed over the old one. While running, the journal is compacted the same way whenever it
/// outgrows <see cref="BrokerOptions.JournalCompactionThresholdBytes"/> (and four times its last snapshot), so a
/// long-running emulator's file stays proportional to the messages it holds.
/// Message locks are never journaled: after a crash every locked message is available again.
/// Lock order: broker lock, then <c>_fileGate</c>, then <c>_gate</c>.
/// </summary>
internal sealed class MessageJournal : IMessageJournal
{
    public const string FileName = "journal.log";
    private const string CompactingFileName = "journal.compacting";

    private readonly object _gate = new();
    private readonly object _fileGate = new();
    private readonly string _path;
    private readonly MessageBroker _broker;
    private readonly long _minimumCompactionSize;
    private FileStream _file;
    private long _compactionThreshold;
    private int _compacting;
    private readonly SemaphoreSlim _flushRequested = new(0);
    private readonly Task _writer;
    private MemoryStream _pending = new();
    private MemoryStream _spare = new();
    private BinaryWriter _pendingWriter;
    private Batch _open = new(1);
    private Batch? _inFlight;
    private long _durable;
    private bool _flushSignalled;
    private volatile bool _stopping;

    private MessageJournal(string path, MessageBroker broker, long compactionThreshold)
    {
        _path = path;
        _broker = broker;
        _minimumCompactionSize = compactionThreshold;
        _file = OpenForAppend(path);
        _compactionThreshold = Math.Max(compactionThreshold, 4 * _file.Length);
        _pendingWriter = new BinaryWriter(_pending);
        _writer = Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public RecoveredState? Recovered { get; private init; }

    public static Task<MessageJournal> OpenAsync(string directory, MessageBroker broker, long compactionThreshold)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var recovered = JournalReader.Read(path);
        broker.Restore(recovered);
        WriteSnapshotFile(path, broker);
        return Task.FromResult(new MessageJournal(path, broker, compactionThreshold) { Recovered = recovered });
    }

    /// <summary>The snapshot replaces the journal only once it is fully on disk (write, fsync, atomic rename).</summary>
    private static void WriteSnapshotFile(string path, MessageBroker broker)
    {
        var compactingPath = Path.Combine(Path.GetDirectoryName(path)!, CompactingFileName);
        using (var snapshot = new FileStream(compactingPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var buffer = new MemoryStream();
            var writer = new BinaryWriter(buffer);
            broker.WriteSnapshot(new SnapshotSink(buffer, writer, snapshot));
            snapshot.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            snapshot.Flush(flushToDisk: true);
        }

        File.Move(compactingPath, path, overwrite: true);
    }

    private static FileStream OpenForAppend(string path) => new(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1);

    /// <summary>Replaces the journal with a snapshot of the broker's state. Called with the broker lock held.</summary>
    internal void CompactLocked()
    {
        lock (_fileGate)
        {
            lock (_gate)
            {
                if (_stopping)
                {
                    return;
                }

                // The pending records are already reflected in the broker state the snapshot captures.
                _file.Dispose();
                WriteSnapshotFile(_path, _broker);
                _file = OpenForAppend(_path);
                _compactionThreshold = Math.Max(_minimumCompactionSize, 4 * _file.Length);
                _pending.SetLength(0);
                var superseded = _open;
                _open = new Batch(superseded.Number + 1);
                _durable = superseded.Number;
                superseded.Durable.TrySetResult();
            }
        }
    }

    /// <summary>The journal file's current length (for tests and diagnostics).</summary>
    internal long Length
    {
        get
        {
            lock (_fileGate)
            {
                return _file.Length;
            }
        }
    }

    public long WritePut(string storeKey, BrokerMessage message) =>
        Append(writer => JournalRecordCodec.WritePut(writer, storeKey, message));

    public long WriteDelete(string storeKey, long sequenceNumber) => Append(writer =>
    {
        writer.Write((byte)JournalRecordKind.Delete);
        writer.Write(storeKey);
        writer.Write(sequenceNumber);
    });

    public long WriteSessionState(string storeKey, string sessionId, byte[]? state) =>
        Append(writer => WriteSessionStateRecord(writer, storeKey, sessionId, state));

    public long WriteSequence(string storeKey, long lastSequenceNumber) => Append(writer =>
    {
        writer.Write((byte)JournalRecordKind.Sequence);
        writer.Write(storeKey);
        writer.Write(lastSequenceNumber);
    });

    public ValueTask WaitDurableAsync(long ticket)
    {
        lock (_gate)
        {
            if (ticket <= _durable)
            {
                return ValueTask.CompletedTask;
            }

            var batch = ticket == _open.Number ? _open : _inFlight!;
            return new ValueTask(batch.Durable.Task);
        }
    }

    private long Append(Action<BinaryWriter> write)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            AppendRecord(_pending, _pendingWriter, write);
            if (!_flushSignalled)
            {
                _flushSignalled = true;
                _flushRequested.Release();
            }

            return _open.Number;
        }
    }

    internal static void AppendRecord(MemoryStream buffer, BinaryWriter writer, Action<BinaryWriter> write)
    {
        var start = buffer.Position;
        writer.Write(0L);
        write(writer);
        writer.Flush();
        JournalRecordCodec.Frame(buffer, start);
    }

    internal static void WriteSessionStateRecord(BinaryWriter writer, string storeKey, string sessionId, byte[]? state)
    {
        writer.Write((byte)JournalRecordKind.SessionState);
        writer.Write(storeKey);
        writer.Write(sessionId);
        writer.Write(state is not null);
        if (state is not null)
        {
            writer.Write(state.Length);
            writer.Write(state);
        }
    }

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            await _flushRequested.WaitAsync().ConfigureAwait(false);
            if (!WriteBatch())
            {
                return;
            }

            if (Length > _compactionThreshold && Interlocked.CompareExchange(ref _compacting, 1, 0) == 0)
            {
                _ = Task.Run(() =>
                {
                    try
                    {
                        _broker.CompactJournal();
                    }
                    finally
                    {
                        Volatile.Write(ref _compacting, 0);
                    }
                });
            }
        }
    }

    /// <summary>Writes and fsyncs the open batch; false once stopping and nothing is left to write.</summary>
    private bool WriteBatch()
    {
        // The file gate is held from taking the batch until it is on disk, so compaction never sees a batch in flight.
        lock (_fileGate)
        {
            MemoryStream data;
            Batch batch;
            lock (_gate)
            {
                _flushSignalled = false;
                if (_pending.Length == 0)
                {
                    return !_stopping;
                }

                data = _pending;
                _pending = _spare;
                _spare = data;
                _pendingWriter = new BinaryWriter(_pending);
                batch = _open;
                _inFlight = batch;
                _open = new Batch(batch.Number + 1);
            }

            try
            {
                _file.Write(data.GetBuffer(), 0, (int)data.Length);
                _file.Flush(flushToDisk: true);
                data.SetLength(0);
                lock (_gate)
                {
                    _durable = batch.Number;
                    _inFlight = null;
                }

                batch.Durable.TrySetResult();
            }
            catch (Exception exception)
            {
                batch.Durable.TrySetException(exception);
            }

            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            _flushRequested.Release();
        }

        await _writer.ConfigureAwait(false);
        lock (_fileGate)
        {
            _file.Dispose();
        }

        _flushRequested.Dispose();
    }

    private sealed class Batch(long number)
    {
        public long Number { get; } = number;

        public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
