using EndToEnd.Tests.Fixtures.Embedded;

namespace EndToEnd.Tests.Embedded;

/// <summary>One embedded topology shared by the scenario tests and the dashboard test: booting it costs seconds.</summary>
[CollectionDefinition(Name)]
public sealed class EmbeddedTopologyCollection : ICollectionFixture<EmbeddedAppHostFixture>
{
    public const string Name = "embedded topology";
}
