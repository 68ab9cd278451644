using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Persistence;

/// <summary>
/// An append-only journal with group commit: records are appended to an in-memory batch; one background writer
/// writes the batch and fsyncs it, then completes every waiter of that batch at once. On start the journal is
/// replayed (a torn last record is ignored) and compacted into a snapshot of the live state, written to a new file
/// and atomically renamed over the old one, so the file never grows past one run's worth of changes.
/// Message locks are never journaled: after a crash every locked message is available again.
/// </summary>
internal sealed class MessageJournal : IMessageJournal
{
    public const string FileName = "journal.log";
    private const string CompactingFileName = "journal.compacting";

    private readonly object _gate = new();
    private readonly FileStream _file;
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

    private MessageJournal(FileStream file)
    {
        _file = file;
        _pendingWriter = new BinaryWriter(_pending);
        _writer = Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public RecoveredState? Recovered { get; private init; }

    public static async Task<MessageJournal> OpenAsync(string directory, MessageBroker broker)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var recovered = JournalReader.Read(path);
        broker.Restore(recovered);

        // Compaction: the snapshot replaces the old journal only once it is fully on disk.
        var compactingPath = Path.Combine(directory, CompactingFileName);
        await using (var snapshot = new FileStream(compactingPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var buffer = new MemoryStream();
            var writer = new BinaryWriter(buffer);
            broker.WriteSnapshot(new SnapshotSink(buffer, writer, snapshot));
            await snapshot.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).ConfigureAwait(false);
            snapshot.Flush(flushToDisk: true);
        }

        File.Move(compactingPath, path, overwrite: true);
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1);
        return new MessageJournal(file) { Recovered = recovered };
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
            MemoryStream data;
            Batch batch;
            lock (_gate)
            {
                _flushSignalled = false;
                if (_pending.Length == 0)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    continue;
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
        await _file.DisposeAsync().ConfigureAwait(false);
        _flushRequested.Dispose();
    }

    private sealed class Batch(long number)
    {
        public long Number { get; } = number;

        public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
