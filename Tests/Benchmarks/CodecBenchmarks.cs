using Amqp.Messaging;
using Amqp.Types;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Benchmarks;

/// <summary>Encode and decode of a 1 KB Service Bus-shaped message: the per-message cost on both sides of a link.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly AmqpWriter _writer = new(4096);
    private AmqpMessage _message = null!;
    private byte[] _encoded = null!;

    public static Task<int> RunAsync(string[] args)
    {
        // In-process: no generated project to restore, which the partial package feed may not allow.
        var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
        BenchmarkRunner.Run<CodecBenchmarks>(config, args);
        return Task.FromResult(0);
    }

    [GlobalSetup]
    public void Setup()
    {
        _message = ServiceBusMessageSample.Create();
        _writer.Reset();
        _message.Encode(_writer);
        _encoded = _writer.WrittenSpan.ToArray();
    }

    [Benchmark]
    public int Encode()
    {
        _writer.Reset();
        _message.Encode(_writer);
        return _writer.Length;
    }

    [Benchmark]
    public AmqpMessage Decode() => AmqpMessage.Decode(_encoded);

    [Benchmark(Baseline = true)]
    public AmqpMessage EncodeAndDecode()
    {
        _writer.Reset();
        _message.Encode(_writer);
        return AmqpMessage.Decode(_writer.WrittenMemory);
    }
}
