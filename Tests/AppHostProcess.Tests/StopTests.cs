using Xunit.Abstractions;

namespace AppHostProcess.Tests;

/// <summary>
/// However the user stops <c>dotnet run --project AppHost</c>, nothing of the graph stays behind: not DCP (which runs
/// detached, in a session of its own), the dashboard, an emulator, a <c>dotnet run</c> wrapper or a service.
/// The SIGTERM case is proven at the end of <see cref="DashboardTests"/>, on the graph that test already booted.
/// </summary>
public sealed class StopTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ctrl_C_in_the_terminal_stops_the_apphost_and_leaves_no_process_of_the_graph()
    {
        await using var run = AppHostRun.Start();
        await run.WaitUntilHealthyAsync(AppHostRun.BootBound);
        output.WriteLine($"dotnet run → every resource healthy: {run.SinceStart.TotalSeconds:0.0} s");

        var graph = await run.CaptureGraphAsync();
        run.PressCtrlC();
        await run.AssertNoProcessLeftAsync(graph, "Ctrl+C", output);
    }

    [Fact]
    public async Task Kill_9_of_the_apphost_leaves_no_process_of_the_graph()
    {
        await using var run = AppHostRun.Start();
        await run.WaitUntilHealthyAsync(AppHostRun.BootBound);
        output.WriteLine($"dotnet run → every resource healthy: {run.SinceStart.TotalSeconds:0.0} s");

        var graph = await run.CaptureGraphAsync();
        AppHostRun.Signal(await run.AppHostPidAsync(), AppHostRun.SIGKILL);
        await run.AssertNoProcessLeftAsync(graph, "kill -9", output);
    }
}
