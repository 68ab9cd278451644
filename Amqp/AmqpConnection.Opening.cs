using Amqp.Framing;
using Amqp.Sasl;
using Amqp.Transport;

namespace Amqp;

// Opening a connection in either role: transport, protocol headers, SASL and the open exchange (spec 2.4.1, 5.3).
public sealed partial class AmqpConnection
{
    /// <summary>Connects to <c>amqp://</c>, <c>amqps://</c>, <c>ws://</c> or <c>wss://</c> and opens the connection.</summary>
    public static async Task<AmqpConnection> ConnectAsync(Uri address, AmqpConnectionSettings settings, CancellationToken cancellationToken)
    {
        var stream = await AmqpTransport.ConnectAsync(address, cancellationToken, settings.RemoteCertificateValidation).ConfigureAwait(false);
        var own = settings.Clone();
        own.HostName ??= address.Host;
        try
        {
            return await OpenAsync(stream, own, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the client side of SASL and open over an already connected stream.</summary>
    public static async Task<AmqpConnection> OpenAsync(Stream stream, AmqpConnectionSettings settings, CancellationToken cancellationToken)
    {
        var connection = new AmqpConnection(stream, settings, null);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.OpenTimeout);
        try
        {
            if (settings.Sasl is { } sasl)
            {
                connection.SendRaw(ProtocolHeader.Sasl);
                await SaslNegotiation.RunClientAsync(sasl, settings.HostName, connection._reader, connection.Writer, connection.Sync, timeout.Token).ConfigureAwait(false);
            }

            connection.SendRaw(ProtocolHeader.Amqp);
            connection.SendOpen();
            var header = new byte[ProtocolHeader.Size];
            if (!await connection._reader.ReadProtocolHeaderAsync(header, timeout.Token).ConfigureAwait(false) || !header.AsSpan().SequenceEqual(ProtocolHeader.Amqp))
            {
                throw new AmqpException(ErrorCondition.NotAllowed, "The server did not answer with the AMQP protocol header.");
            }

            await connection.ReceiveOpenAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await connection.DropAsync(exception).ConfigureAwait(false);
            throw;
        }

        connection.Start();
        return connection;
    }

    /// <summary>Runs the server side of SASL and open over an accepted stream.</summary>
    public static async Task<AmqpConnection> AcceptAsync(Stream stream, AmqpListenerSettings settings, CancellationToken cancellationToken)
    {
        var connection = new AmqpConnection(stream, settings.Connection.Clone(), settings);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Connection.OpenTimeout);
        try
        {
            var header = new byte[ProtocolHeader.Size];
            if (!await connection._reader.ReadProtocolHeaderAsync(header, timeout.Token).ConfigureAwait(false))
            {
                throw new AmqpException(ErrorCondition.ConnectionForced, "The client closed the connection before its protocol header.");
            }

            if (header.AsSpan().SequenceEqual(ProtocolHeader.Sasl) && settings.Sasl is { } sasl)
            {
                if (!await SaslNegotiation.RunServerAsync(sasl, connection._reader, connection.Writer, connection.Sync, timeout.Token).ConfigureAwait(false))
                {
                    throw new AmqpException(ErrorCondition.UnauthorizedAccess, "SASL authentication failed.");
                }

                if (!await connection._reader.ReadProtocolHeaderAsync(header, timeout.Token).ConfigureAwait(false))
                {
                    throw new AmqpException(ErrorCondition.ConnectionForced, "The client closed the connection after SASL.");
                }
            }
            else if (!header.AsSpan().SequenceEqual(ProtocolHeader.Amqp) || (settings.Sasl is { AllowNoSasl: false }))
            {
                // Spec 2.2: answer an unsupported header with the one we support, then close.
                connection.SendRaw(settings.Sasl is null ? ProtocolHeader.Amqp : ProtocolHeader.Sasl);
                throw new AmqpException(ErrorCondition.NotAllowed, "Unsupported protocol header.");
            }

            if (!header.AsSpan().SequenceEqual(ProtocolHeader.Amqp))
            {
                connection.SendRaw(ProtocolHeader.Amqp);
                throw new AmqpException(ErrorCondition.NotAllowed, "Expected the AMQP protocol header after SASL.");
            }

            connection.SendRaw(ProtocolHeader.Amqp);
            try
            {
                await connection.ReceiveOpenAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (AmqpException exception)
            {
                // Spec 2.4.5: a close must follow an open, so answer a bad open with open + close(error).
                connection.SendOpen();
                connection.SendCloseBeforeDrop(exception.Error);
                throw;
            }

            connection.SendOpen();
        }
        catch (Exception exception)
        {
            await connection.DropAsync(exception).ConfigureAwait(false);
            throw;
        }

        // Before the reader loop starts, so the handler sees the connection before any of its sessions or links.
        try
        {
            settings.ConnectionOpened?.Invoke(connection);
        }
        catch (Exception exception)
        {
            await connection.CloseWithErrorAsync(new Error(ErrorCondition.InternalError, exception.Message)).ConfigureAwait(false);
            throw;
        }

        connection.Start();
        return connection;
    }

    private void SendCloseBeforeDrop(Error error)
    {
        lock (Sync)
        {
            _closeSent = true;
            Writer.WriteFrame(FrameType.Amqp, 0, new Close { Error = error });
        }

        Writer.Signal();
    }

    private void SendRaw(ReadOnlySpan<byte> bytes)
    {
        lock (Sync)
        {
            Writer.WriteRaw(bytes);
        }

        Writer.Signal();
    }

    private void SendOpen()
    {
        var open = new Open
        {
            ContainerId = Settings.ContainerId,
            Hostname = IsServer ? null : Settings.HostName,
            MaxFrameSize = Settings.MaxFrameSize,
            ChannelMax = Settings.ChannelMax,
            IdleTimeOut = Settings.IdleTimeout > TimeSpan.Zero ? (uint)Settings.IdleTimeout.TotalMilliseconds : null,
            OfferedCapabilities = Settings.OfferedCapabilities,
            DesiredCapabilities = Settings.DesiredCapabilities,
            Properties = Settings.Properties,
        };
        lock (Sync)
        {
            Writer.WriteFrame(FrameType.Amqp, 0, open);
        }

        Writer.Signal();
    }

    private async Task ReceiveOpenAsync(CancellationToken cancellationToken)
    {
        Frame? frame;
        do
        {
            frame = await _reader.ReadFrameAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new AmqpException(ErrorCondition.ConnectionForced, "The peer closed the connection before open.");
        }
        while (frame.Value.Body.Length == 0 && frame.Value.Type == FrameType.Amqp);

        if (frame.Value.Type != FrameType.Amqp)
        {
            throw new AmqpException(ErrorCondition.FramingError, "Expected an AMQP frame.");
        }

        var reader = new AmqpReader(frame.Value.Body.Span);
        var body = reader.ReadValue();
        if (body is Close close)
        {
            throw new AmqpException(close.Error ?? new Error(ErrorCondition.ConnectionForced, "The peer closed the connection instead of opening it."));
        }

        var open = body as Open ?? throw new AmqpException(ErrorCondition.IllegalState, "The first frame must be open.");
        var maxFrame = open.MaxFrameSize ?? uint.MaxValue;
        if (maxFrame < FrameType.MinMaxFrameSize)
        {
            throw new AmqpException(ErrorCondition.FrameSizeTooSmall, $"max-frame-size {maxFrame} is below the minimum of 512.");
        }

        RemoteOpen = open;
        RemoteMaxFrameSize = Math.Min(maxFrame, 64u * 1024 * 1024);
    }
}
