using System.Text;

namespace Amqp.Sasl;

/// <summary>The client side of a SASL mechanism: what to send in sasl-init and how to answer challenges.</summary>
public abstract class SaslProfile
{
    public static readonly AmqpSymbol AnonymousName = new("ANONYMOUS");
    public static readonly AmqpSymbol PlainName = new("PLAIN");
    public static readonly AmqpSymbol ExternalName = new("EXTERNAL");

    /// <summary>Service Bus's mechanism: like ANONYMOUS (authorisation happens later through CBS put-token).</summary>
    public static readonly AmqpSymbol MsSbCbsName = new("MSSBCBS");

    public abstract AmqpSymbol Mechanism { get; }

    public static SaslProfile Anonymous { get; } = new FixedResponseProfile(AnonymousName, null);

    public static SaslProfile External { get; } = new FixedResponseProfile(ExternalName, null);

    public static SaslProfile MsSbCbs { get; } = new FixedResponseProfile(MsSbCbsName, null);

    /// <summary>
    /// MSSBCBS when the server offers it, otherwise ANONYMOUS: Azure offers MSSBCBS, while other brokers (and
    /// emulators) may offer only ANONYMOUS. Both defer authorisation to CBS put-token.
    /// </summary>
    public static SaslProfile MsSbCbsOrAnonymous { get; } = new FixedResponseProfile(MsSbCbsName, null, Anonymous);

    /// <summary>The profile used instead when the server does not offer <see cref="Mechanism"/>; null for none.</summary>
    public virtual SaslProfile? Fallback => null;

    /// <summary>PLAIN (RFC 4616): <c>authzid NUL authcid NUL password</c> with an empty authzid.</summary>
    public static SaslProfile Plain(string userName, string password) =>
        new FixedResponseProfile(PlainName, Encoding.UTF8.GetBytes($"\0{userName}\0{password}"));

    public abstract ReadOnlyMemory<byte>? GetInitialResponse();

    /// <summary>Answers a server challenge; the mechanisms here never receive one.</summary>
    public virtual ReadOnlyMemory<byte> OnChallenge(ReadOnlyMemory<byte> challenge) =>
        throw new AmqpException(Framing.ErrorCondition.NotImplemented, $"SASL {Mechanism} does not expect a challenge.");

    private sealed class FixedResponseProfile(AmqpSymbol mechanism, byte[]? response, SaslProfile? fallback = null) : SaslProfile
    {
        public override AmqpSymbol Mechanism => mechanism;

        public override SaslProfile? Fallback => fallback;

        public override ReadOnlyMemory<byte>? GetInitialResponse() => response;
    }
}
