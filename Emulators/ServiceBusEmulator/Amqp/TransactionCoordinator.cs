using System.Collections.Concurrent;
using Amqp;
using Amqp.Framing;
using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Amqp;

/// <summary>
/// The AMQP transaction coordinator of one connection (spec 4.5; what the .NET SDK uses for <c>TransactionScope</c>):
/// a declare opens a transaction, transfers and dispositions carrying its id are enlisted instead of applied, and a
/// discharge applies them all or none (commit, <see cref="MessageBroker.CommitAsync"/>) or drops them (rollback).
/// Nothing enlisted is visible before the commit: a sent message is not stored, a completed message stays locked.
/// Like Azure, a transaction lives on its connection.
/// </summary>
internal sealed class TransactionCoordinator(MessageBroker broker)
{
    private const ulong DeclareCode = 0x31;
    private const ulong DischargeCode = 0x32;
    private static readonly AmqpSymbol DeclareName = new("amqp:declare:list");
    private static readonly AmqpSymbol DischargeName = new("amqp:discharge:list");

    private readonly ConcurrentDictionary<Guid, BrokerTransaction> _open = new();

    public static bool IsCoordinatorTarget(object? target) =>
        target is DescribedValue { Descriptor: 0x30UL or AmqpSymbol { Value: "amqp:coordinator:list" } };

    /// <summary>Enlists an operation in the transaction; false (with the error to send) when it is unknown.</summary>
    public bool TryEnlist(byte[]? txnId, Action<BrokerTransaction> enlist, out Error? error)
    {
        if (txnId is { Length: 16 } && _open.TryGetValue(new Guid(txnId), out var transaction))
        {
            enlist(transaction);
            error = null;
            return true;
        }

        error = UnknownTransaction();
        return false;
    }

    public async Task ServeAsync(ReceiverLink link)
    {
        while (await link.ReceiveOrNullAsync().ConfigureAwait(false) is { } delivery)
        {
            DeliveryState answer;
            try
            {
                answer = await HandleAsync(delivery.GetMessage().ValueBody?.Value).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is AmqpException or FormatException or InvalidCastException)
            {
                answer = new Rejected { Error = new Error(ErrorCondition.DecodeError, $"Not a declare or discharge: {exception.Message}") };
            }

            try
            {
                await link.SettleAsync(delivery, answer).ConfigureAwait(false);
            }
            catch (AmqpException)
            {
                return;
            }
        }
    }

    private async ValueTask<DeliveryState> HandleAsync(object? body)
    {
        if (body is not DescribedValue { Value: AmqpList fields } command)
        {
            throw new FormatException("The coordinator takes an amqp-value holding a declare or a discharge.");
        }

        if (command.Descriptor is DeclareCode || DeclareName.Equals(command.Descriptor))
        {
            var id = Guid.NewGuid();
            _open[id] = new BrokerTransaction();
            return new Declared { TxnId = id.ToByteArray() };
        }

        if (command.Descriptor is not DischargeCode && !DischargeName.Equals(command.Descriptor))
        {
            throw new FormatException($"Unknown coordinator command {command.Descriptor}.");
        }

        var txnId = fields.Count > 0 ? Binary(fields[0]) : null;
        var fail = fields.Count > 1 && fields[1] is true;
        if (txnId is not { Length: 16 } || !_open.TryRemove(new Guid(txnId), out var pending))
        {
            return new Rejected { Error = UnknownTransaction() };
        }

        if (fail)
        {
            return Accepted.Instance;
        }

        var committed = await broker.CommitAsync(pending).ConfigureAwait(false);
        return committed.IsSuccess ? Accepted.Instance : new Rejected { Error = AmqpErrors.From(committed.Error!) };
    }

    /// <summary>What a transfer, disposition or discharge naming a transaction this connection has not open gets.</summary>
    public static BrokerError UnknownTransactionError { get; } =
        new("amqp:transaction:unknown-id", "The transaction is unknown or already discharged.");

    private static Error UnknownTransaction() => AmqpErrors.From(UnknownTransactionError);

    private static byte[]? Binary(object? value) => value switch
    {
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        _ => null,
    };
}
