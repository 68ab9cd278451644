using System.Diagnostics.CodeAnalysis;
using Amqp.Messaging;
using Amqp.Sasl;

namespace Amqp.Framing;

/// <summary>Reads the value that follows a known descriptor.</summary>
public delegate object DescribedDecoder(ref AmqpReader reader);

/// <summary>
/// The composite types this library understands, by numeric code and by symbolic name, so that decoding a described
/// value yields e.g. an <see cref="Accepted"/> rather than a generic <see cref="DescribedValue"/>.
/// </summary>
public static class DescribedTypeRegistry
{
    private static readonly Dictionary<ulong, Func<DescribedList>> Factories = new();
    private static readonly Dictionary<ulong, DescribedDecoder> Decoders = new();
    private static readonly Dictionary<AmqpSymbol, ulong> Codes = new();

    static DescribedTypeRegistry()
    {
        Add("amqp:open:list", 0x10, static () => new Open());
        Add("amqp:begin:list", 0x11, static () => new Begin());
        Add("amqp:attach:list", 0x12, static () => new Attach());
        Add("amqp:flow:list", 0x13, static () => new Flow());
        Add("amqp:transfer:list", 0x14, static () => new Transfer());
        Add("amqp:disposition:list", 0x15, static () => new Disposition());
        Add("amqp:detach:list", 0x16, static () => new Detach());
        Add("amqp:end:list", 0x17, static () => new End());
        Add("amqp:close:list", 0x18, static () => new Close());
        Add("amqp:error:list", 0x1d, static () => new Error());
        Add("amqp:received:list", 0x23, static () => new Received());
        Add("amqp:accepted:list", 0x24, static () => new Accepted());
        Add("amqp:rejected:list", 0x25, static () => new Rejected());
        Add("amqp:released:list", 0x26, static () => new Released());
        Add("amqp:modified:list", 0x27, static () => new Modified());
        Add("amqp:source:list", 0x28, static () => new Source());
        Add("amqp:target:list", 0x29, static () => new Target());
        Add("amqp:declared:list", 0x33, static () => new Declared());
        Add("amqp:transactional-state:list", 0x34, static () => new TransactionalState());
        Add("amqp:delete-on-close:list", 0x2b, static () => new DeleteOnClose());
        Add("amqp:delete-on-no-links:list", 0x2c, static () => new DeleteOnNoLinks());
        Add("amqp:delete-on-no-messages:list", 0x2d, static () => new DeleteOnNoMessages());
        Add("amqp:delete-on-no-links-or-messages:list", 0x2e, static () => new DeleteOnNoLinksOrMessages());
        Add("amqp:sasl-mechanisms:list", 0x40, static () => new SaslMechanisms());
        Add("amqp:sasl-init:list", 0x41, static () => new SaslInit());
        Add("amqp:sasl-challenge:list", 0x42, static () => new SaslChallenge());
        Add("amqp:sasl-response:list", 0x43, static () => new SaslResponse());
        Add("amqp:sasl-outcome:list", 0x44, static () => new SaslOutcome());
        Add("amqp:header:list", 0x70, static () => new Header());
        Add("amqp:properties:list", 0x73, static () => new Properties());
    }

    private static void Add(string name, ulong code, Func<DescribedList> create)
    {
        Factories[code] = create;
        Decoders[code] = (ref AmqpReader reader) =>
        {
            var value = create();
            value.DecodeBody(ref reader);
            return value;
        };
        Codes[new AmqpSymbol(name)] = code;
    }

    public static bool TryGetCode(AmqpSymbol name, out ulong code) => Codes.TryGetValue(name, out code);

    public static bool TryGetDecoder(ulong code, [NotNullWhen(true)] out DescribedDecoder? decoder) =>
        Decoders.TryGetValue(code, out decoder);

    public static bool TryGetDecoder(AmqpSymbol name, [NotNullWhen(true)] out DescribedDecoder? decoder)
    {
        decoder = null;
        return Codes.TryGetValue(name, out var code) && Decoders.TryGetValue(code, out decoder);
    }

    internal static bool TryGetFactory(object descriptor, [NotNullWhen(true)] out Func<DescribedList>? create)
    {
        create = null;
        return descriptor switch
        {
            ulong code => Factories.TryGetValue(code, out create),
            AmqpSymbol name => Codes.TryGetValue(name, out var code) && Factories.TryGetValue(code, out create),
            _ => false,
        };
    }
}
