using System.Buffers.Binary;
using System.Net.Sockets;
using Amqp.Framing;
using Amqp.Messaging;

namespace Amqp.Tests.HostileInput;

/// <summary>Builds byte-exact client streams and plays them to a server over a real socket.</summary>
internal static class RawFrames
{
    public static byte[] Frame(Performative? body, ushort channel = 0, byte type = FrameType.Amqp, ReadOnlySpan<byte> payload = default)
    {
        using var writer = new AmqpWriter();
        writer.Reserve(8);
        body?.Encode(writer);
        writer.WriteRaw(payload);
        var bytes = writer.WrittenSpan.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)bytes.Length);
        bytes[4] = 2;
        bytes[5] = type;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(6), channel);
        return bytes;
    }

    public static byte[] Header => ProtocolHeader.Amqp.ToArray();

    public static byte[] Open => Frame(new Open { ContainerId = "raw", MaxFrameSize = 65536 });

    public static byte[] Begin => Frame(new Begin { NextOutgoingId = 0, IncomingWindow = 100, OutgoingWindow = 100 });

    public static byte[] AttachSender => Frame(new Attach { Name = "s", Handle = 0, Role = Role.Sender, Target = new Target { Address = "q" }, Source = new Source(), InitialDeliveryCount = 0 });

    public static byte[] Transfer(uint id)
    {
        using var message = new AmqpWriter();
        AmqpMessage.FromData(new byte[100]).Encode(message);
        return Frame(new Transfer { Handle = 0, DeliveryId = id, DeliveryTag = new byte[] { (byte)id }, MessageFormat = 0 }, payload: message.WrittenSpan);
    }

    /// <summary>A complete, valid client conversation: the raw material of the mutation test.</summary>
    public static byte[] ValidConversation()
    {
        var parts = new List<byte[]>
        {
            Header, Open, Begin, AttachSender,
            Frame(new Attach { Name = "r", Handle = 1, Role = Role.Receiver, Source = new Source { Address = "q", Filter = new AmqpMap { [new AmqpSymbol("f")] = "x" } }, Target = new Target() }),
            Frame(new Flow { NextIncomingId = 0, IncomingWindow = 100, NextOutgoingId = 0, OutgoingWindow = 100, Handle = 1, DeliveryCount = 0, LinkCredit = 10, Drain = true }),
            Transfer(0), Transfer(1),
            Frame(new Disposition { Role = Role.Receiver, First = 0, Last = 1, Settled = true, State = new Rejected { Error = new Error(ErrorCondition.NotAllowed, "no") } }),
            Frame(new Detach { Handle = 0, Closed = true }),
            Frame(new End()),
            Frame(new Close()),
        };
        return parts.SelectMany(p => p).ToArray();
    }

    /// <summary>Sends <paramref name="bytes"/>, half-closes, and returns everything the server answered.</summary>
    public static async Task<byte[]> PlayAsync(int port, byte[] bytes, TimeSpan timeout)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await stream.WriteAsync(bytes, cts.Token);
            client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The server may close before reading everything (it found an error early).
        }

        var answer = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cts.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
        }

        return answer.ToArray();
    }

    /// <summary>Finds the close performative in a server's answer, if any.</summary>
    public static Close? FindClose(byte[] answer)
    {
        var position = 0;
        while (position + 8 <= answer.Length)
        {
            if (answer.AsSpan(position, 4).SequenceEqual("AMQP"u8))
            {
                position += 8;
                continue;
            }

            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(answer.AsSpan(position));
            if (size < 8 || position + size > answer.Length)
            {
                return null;
            }

            var doff = answer[position + 4] * 4;
            if (size > doff)
            {
                var reader = new AmqpReader(answer.AsSpan(position + doff, size - doff));
                if (reader.ReadValue() is Close close)
                {
                    return close;
                }
            }

            position += size;
        }

        return null;
    }
}
