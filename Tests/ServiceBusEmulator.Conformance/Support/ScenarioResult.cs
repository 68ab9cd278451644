namespace ServiceBusEmulator.Conformance.Support;

public sealed record ScenarioResult(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit code {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Output}stderr:{Environment.NewLine}{Errors}";
}
