using Amqp.Framing;

namespace Amqp.Tests.HostileInput;

/// <summary>
/// Randomised, deterministic mutation of valid input (fixed seeds, fixed budgets): the decoder only ever throws
/// AmqpException, and the server survives every mutated conversation over a real socket with bounded memory.
/// </summary>
public class MutationTests
{
    private static byte[] Mutate(Random random, byte[] original)
    {
        var bytes = (byte[])original.Clone();
        var kind = random.Next(6);
        switch (kind)
        {
            case 0: // flip bits
                for (var i = 0; i < 1 + random.Next(4); i++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 1: // random bytes
                for (var i = 0; i < 1 + random.Next(4); i++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            case 2: // truncate
                return bytes[..random.Next(bytes.Length)];
            case 3: // interesting values (sizes, format codes)
                byte[] interesting = [0x00, 0xff, 0x7f, 0x80, 0x40, 0x45, 0xc0, 0xd0, 0xe0, 0xf0, 0xb0, 0xa1];
                bytes[random.Next(bytes.Length)] = interesting[random.Next(interesting.Length)];
                return bytes;
            case 4: // duplicate a slice
                var start = random.Next(bytes.Length);
                var length = Math.Min(random.Next(64), bytes.Length - start);
                return [.. bytes[..start], .. bytes.AsSpan(start, length), .. bytes[start..]];
            default: // delete a slice
                var from = random.Next(bytes.Length);
                var count = Math.Min(random.Next(16), bytes.Length - from);
                return [.. bytes[..from], .. bytes[(from + count)..]];
        }
    }

    [Fact]
    public void Decoding_mutated_performatives_only_ever_fails_with_an_amqp_error()
    {
        var samples = new List<byte[]>();
        using (var writer = new AmqpWriter())
        {
            Performative[] performatives =
            [
                new Open { ContainerId = "c", MaxFrameSize = 65536, Properties = new AmqpMap { [new AmqpSymbol("p")] = "v" }, OfferedCapabilities = [new AmqpSymbol("a")] },
                new Attach { Name = "n", Handle = 1, Role = Role.Receiver, Source = new Source { Address = "q", Filter = new AmqpMap { [new AmqpSymbol("f")] = AmqpArray.Of(1L, 2L) } }, Target = new Target(), MaxMessageSize = 1 },
                new Flow { IncomingWindow = 1, NextOutgoingId = 2, OutgoingWindow = 3, Handle = 0, LinkCredit = 9, Drain = true },
                new Transfer { Handle = 0, DeliveryId = 5, DeliveryTag = new byte[16], Settled = false, State = new Modified { MessageAnnotations = new AmqpMap { ["k"] = 1.5 } } },
                new Disposition { Role = Role.Sender, First = 1, Last = 9, Settled = true, State = new Rejected { Error = new Error(ErrorCondition.NotFound, "x", new AmqpMap { ["i"] = new AmqpTimestamp(1) }) } },
            ];
            foreach (var performative in performatives)
            {
                writer.Reset();
                performative.Encode(writer);
                samples.Add(writer.WrittenSpan.ToArray());
            }
        }

        var random = new Random(20240521);
        var decoded = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var input = Mutate(random, samples[i % samples.Count]);
            try
            {
                var reader = new AmqpReader(input);
                reader.ReadValue();
                decoded++;
            }
            catch (AmqpException exception)
            {
                Assert.Equal(ErrorCondition.DecodeError, exception.Condition);
            }
        }

        // Some mutations leave valid input; most do not. Both paths must have run.
        Assert.InRange(decoded, 1, 19_999);
    }

    [Fact]
    public async Task The_server_survives_mutated_conversations_over_real_sockets()
    {
        var listenerSettings = new AmqpListenerSettings
        {
            Sasl = null,
            Connection = { MaxFrameSize = 64 * 1024, OpenTimeout = TimeSpan.FromSeconds(2), CloseTimeout = TimeSpan.FromSeconds(1) },
        };
        await using var listener = new AmqpListener(listenerSettings);
        listener.Start();
        var valid = RawFrames.ValidConversation();
        var random = new Random(7);
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var closedWithError = 0;
        const int iterations = 600;
        for (var i = 0; i < iterations; i++)
        {
            var answer = await RawFrames.PlayAsync(listener.LocalEndpoint.Port, Mutate(random, valid), TimeSpan.FromSeconds(10));
            if (RawFrames.FindClose(answer)?.Error is not null)
            {
                closedWithError++;
            }
        }

        // Every connection ends: none is left open on the server.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (listener.Connections.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Empty(listener.Connections);
        Assert.InRange(closedWithError, iterations / 10, iterations);
        var growth = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        Assert.True(growth < 50 * 1024 * 1024, $"Memory grew by {growth} bytes.");

        // And it still serves a well-behaved client.
        await using var connection = await AmqpConnection.ConnectAsync(new Uri($"amqp://127.0.0.1:{listener.LocalEndpoint.Port}"), new AmqpConnectionSettings(), CancellationToken.None);
        var session = await connection.BeginSessionAsync(null, CancellationToken.None);
        Assert.NotNull(session.RemoteChannel);
    }
}
