namespace ServiceBus.Tests.Support;

/// <summary>Tests that read process-wide instruments (the static Meter) run alone, so other tests' messages do not count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial (process-wide metrics)";
}
