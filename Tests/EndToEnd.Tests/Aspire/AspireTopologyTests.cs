using EndToEnd.Tests.Fixtures.Aspire;
using EndToEnd.Tests.Scenarios;

namespace EndToEnd.Tests.Aspire;

/// <summary>The shared scenarios under Aspire's testing builder (Aspire flavor only).</summary>
public sealed class AspireTopologyTests(AspireAppFixture app) : TopologyScenarios(app), IClassFixture<AspireAppFixture>;
