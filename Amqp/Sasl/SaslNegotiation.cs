using Amqp.Framing;
using Amqp.Transport;

namespace Amqp.Sasl;

/// <summary>The SASL exchange of spec 5.3 in both roles, run before the AMQP layer starts.</summary>
internal static class SaslNegotiation
{
    public static async Task RunClientAsync(SaslProfile profile, string? hostName, FrameReader reader, FrameWriter writer, object sync, CancellationToken cancellationToken)
    {
        var header = new byte[ProtocolHeader.Size];
        if (!await reader.ReadProtocolHeaderAsync(header, cancellationToken).ConfigureAwait(false) || !header.AsSpan().SequenceEqual(ProtocolHeader.Sasl))
        {
            throw new AmqpException(ErrorCondition.NotAllowed, "The server did not answer with the SASL protocol header.");
        }

        var mechanisms = await ReadSaslBodyAsync<SaslMechanisms>(reader, cancellationToken).ConfigureAwait(false);
        if (Array.IndexOf(mechanisms.SaslServerMechanisms!, profile.Mechanism) < 0
            && profile.Fallback is { } fallback && Array.IndexOf(mechanisms.SaslServerMechanisms!, fallback.Mechanism) >= 0)
        {
            profile = fallback;
        }

        if (Array.IndexOf(mechanisms.SaslServerMechanisms!, profile.Mechanism) < 0)
        {
            throw new AmqpException(ErrorCondition.NotAllowed,
                $"The server does not offer SASL {profile.Mechanism} (offers {string.Join(", ", mechanisms.SaslServerMechanisms!)}).");
        }

        Send(writer, sync, new SaslInit { Mechanism = profile.Mechanism, InitialResponse = profile.GetInitialResponse(), Hostname = hostName });
        while (true)
        {
            var body = await ReadSaslBodyAsync<Performative>(reader, cancellationToken).ConfigureAwait(false);
            switch (body)
            {
                case SaslChallenge challenge:
                    Send(writer, sync, new SaslResponse { Response = profile.OnChallenge(challenge.Challenge!.Value) });
                    break;
                case SaslOutcome { Code: SaslCode.Ok }:
                    return;
                case SaslOutcome outcome:
                    throw new AmqpException(ErrorCondition.UnauthorizedAccess, $"SASL {profile.Mechanism} failed with code {outcome.Code}.");
                default:
                    throw new AmqpException(ErrorCondition.FramingError, $"Unexpected SASL frame {body.GetType().Name}.");
            }
        }
    }

    /// <summary>Runs after the client's SASL header has been read; returns whether authentication succeeded.</summary>
    public static async Task<bool> RunServerAsync(SaslServerSettings settings, FrameReader reader, FrameWriter writer, object sync, CancellationToken cancellationToken)
    {
        lock (sync)
        {
            writer.WriteRaw(ProtocolHeader.Sasl);
        }

        Send(writer, sync, new SaslMechanisms { SaslServerMechanisms = settings.Mechanisms });
        var init = await ReadSaslBodyAsync<SaslInit>(reader, cancellationToken).ConfigureAwait(false);
        var code = Array.IndexOf(settings.Mechanisms, init.Mechanism!.Value) < 0
            ? SaslCode.Auth
            : settings.Authenticate(new SaslAuthentication(init));
        Send(writer, sync, new SaslOutcome { Code = code });
        return code == SaslCode.Ok;
    }

    private static void Send(FrameWriter writer, object sync, Performative body)
    {
        lock (sync)
        {
            writer.WriteFrame(FrameType.Sasl, 0, body);
        }

        writer.Signal();
    }

    private static async Task<T> ReadSaslBodyAsync<T>(FrameReader reader, CancellationToken cancellationToken) where T : Performative
    {
        var frame = await reader.ReadFrameAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new AmqpException(ErrorCondition.ConnectionForced, "The peer closed the connection during SASL.");
        if (frame.Type != FrameType.Sasl)
        {
            throw new AmqpException(ErrorCondition.FramingError, "Expected a SASL frame.");
        }

        return Decode(frame.Body.Span) as T
            ?? throw new AmqpException(ErrorCondition.FramingError, $"Expected a SASL {typeof(T).Name} frame.");
    }

    private static object? Decode(ReadOnlySpan<byte> body)
    {
        var reader = new AmqpReader(body);
        return reader.ReadValue();
    }
}
