namespace Amqp.Sasl;

/// <summary>The server side of SASL: which mechanisms to offer and who may pass.</summary>
public sealed class SaslServerSettings
{
    /// <summary>Offered in this order. Service Bus clients want MSSBCBS (.NET) or ANONYMOUS (JS).</summary>
    public AmqpSymbol[] Mechanisms { get; set; } =
        [SaslProfile.MsSbCbsName, SaslProfile.AnonymousName, SaslProfile.PlainName, SaslProfile.ExternalName];

    /// <summary>Decides each sasl-init; by default everyone using an offered mechanism passes.</summary>
    public Func<SaslAuthentication, SaslCode> Authenticate { get; set; } = static _ => SaslCode.Ok;

    /// <summary>Also accept clients that skip SASL and send the plain AMQP header.</summary>
    public bool AllowNoSasl { get; set; } = true;
}
