using ServiceBusEmulator.Conformance.Support;

namespace ServiceBusEmulator.Conformance;

/// <summary>
/// The official <c>@azure/service-bus</c> JS SDK (7.9.5, pinned in package.json) against the in-process emulator:
/// every scenario of <c>scenarios/run.js</c> is one test case, named after the scenario. Each scenario checks its own
/// outcome in JS (bodies, properties, counts, error codes) and fails with the SDK's error code and message.
/// </summary>
public sealed class SdkConformanceTests(InProcessEmulator emulator) : IClassFixture<InProcessEmulator>
{
    private static readonly TimeSpan ScenarioTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Scenario name and what its output must show (the SDK error code for the negative scenarios).</summary>
    public static TheoryData<string, string> Scenarios => new()
    {
        { "send-single", "PASS send-single" },
        { "send-array", "PASS send-array" },
        { "send-batch", "PASS send-batch" },
        { "schedule-and-cancel", "PASS schedule-and-cancel" },
        { "peek", "PASS peek" },
        { "peek-lock-complete", "PASS peek-lock-complete" },
        { "abandon-with-properties", "PASS abandon-with-properties" },
        { "dead-letter-with-reason", "PASS dead-letter-with-reason" },
        { "defer-and-receive-deferred", "PASS defer-and-receive-deferred" },
        { "renew-lock", "PASS renew-lock" },
        { "receive-and-delete", "PASS receive-and-delete" },
        { "streaming-subscribe", "PASS streaming-subscribe" },
        { "max-delivery-count-dead-letters", "PASS max-delivery-count-dead-letters" },
        { "ttl-expiry-dead-letters", "PASS ttl-expiry-dead-letters" },
        { "duplicate-detection", "PASS duplicate-detection" },
        { "topic-filters", "PASS topic-filters" },
        { "forward-to", "PASS forward-to" },
        { "sessions", "PASS sessions" },
        { "next-session-timeout", "expected error ServiceTimeout" },
        { "missing-entity", "expected error MessagingEntityNotFound" },
        { "lock-expired", "expected error MessageLockLost" },
        { "wrong-key", "expected error UnauthorizedAccess" },
        { "oversize", "expected error MessageSizeExceeded" },
        { "session-held-elsewhere", "expected error SessionCannotBeLocked" },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Official_js_sdk_scenario_passes(string scenario, string expectedOutput)
    {
        var result = await NodeScenario.RunAsync(scenario, emulator.ConnectionString, ScenarioTimeout);

        Assert.True(result.ExitCode == 0, $"scenario {scenario} failed: {result}");
        Assert.Contains(expectedOutput, result.Output);
        Assert.Contains($"PASS {scenario}", result.Output);
    }

    [Fact]
    public async Task Every_scenario_in_the_script_is_a_test_case()
    {
        var result = await NodeScenario.RunAsync("--list", emulator.ConnectionString, ScenarioTimeout);

        Assert.Equal(0, result.ExitCode);
        var inScript = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var inTests = Scenarios.Select(row => (string)row[0]);
        Assert.Equal(inScript.Order(StringComparer.Ordinal), inTests.Order(StringComparer.Ordinal));
    }
}
