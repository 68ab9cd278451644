using System.Globalization;
using System.Text.RegularExpressions;
using AppHost.Topology;

namespace AppHost.Orchestration;

/// <summary>
/// Our Service Bus emulator as a child process (<c>ServiceBusEmulator.dll --config … --port 0 --management-port 0</c>)
/// with a Config.json written from the topology. Start returns once it prints its ready line; the bound management
/// port is read from its log. Whether AMQP is served is not assumed here: the health endpoint says it.
/// </summary>
internal sealed partial class ServiceBusEmulatorProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _child;
    private readonly string _configDirectory;

    private ServiceBusEmulatorProcess(ChildProcess child, string configDirectory, int managementPort)
    {
        _child = child;
        _configDirectory = configDirectory;
        ManagementPort = managementPort;
    }

    public int ManagementPort { get; }

    public int ProcessId => _child.ProcessId;

    public Task<int> Exited => _child.Exited;

    public string HealthUrl => $"http://127.0.0.1:{ManagementPort}/health";

    public static async Task<ServiceBusEmulatorProcess> StartAsync(
        BuildLayout layout, ServiceBusDefinition serviceBus, Action<string> onOutputLine, CancellationToken cancellationToken)
    {
        var configDirectory = Directory.CreateTempSubdirectory("apphost-servicebus-").FullName;
        var configPath = ServiceBusEmulatorConfig.Write(serviceBus, configDirectory);
        var managementPort = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lastLines = new Queue<string>();

        void OnLine(string line)
        {
            lock (lastLines)
            {
                lastLines.Enqueue(line);
                if (lastLines.Count > 5)
                {
                    lastLines.Dequeue();
                }
            }

            onOutputLine(line);
            if (HealthLine().Match(line) is { Success: true } match)
            {
                managementPort.TrySetResult(int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture));
            }

            if (line.Contains("Service Bus emulator ready", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        ChildProcess child;
        try
        {
            child = ChildProcess.Start(
                layout.AssemblyOf(BuildLayout.ServiceBusEmulatorProject),
                ["--config", configPath, "--port", "0", "--management-port", "0"],
                new Dictionary<string, string?>(),
                layout.RepositoryRoot,
                OnLine);
        }
        catch (InvalidOperationException exception)
        {
            Directory.Delete(configDirectory, recursive: true);
            throw new AppHostStartException($"Service Bus emulator: {exception.Message}", exception);
        }

        try
        {
            var finished = await Task.WhenAny(ready.Task, child.Exited, Task.Delay(StartTimeout, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (finished != ready.Task || !managementPort.Task.IsCompleted)
            {
                string said;
                lock (lastLines)
                {
                    said = string.Join(" | ", lastLines);
                }

                throw new AppHostStartException(finished == child.Exited
                    ? $"Service Bus emulator exited with code {child.Exited.Result} before it was ready: {said}"
                    : $"Service Bus emulator did not report ready within {StartTimeout.TotalSeconds:0} s: {said}");
            }
        }
        catch
        {
            await new ServiceBusEmulatorProcess(child, configDirectory, 0).DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // The emulator has read its config; removing it now means even a killed AppHost leaves no temporary file behind.
        Directory.Delete(configDirectory, recursive: true);

        return new ServiceBusEmulatorProcess(child, configDirectory, managementPort.Task.Result);
    }

    /// <summary>Stops the emulator (SIGTERM, then kill) and removes its generated config.</summary>
    public async ValueTask DisposeAsync()
    {
        await _child.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await _child.DisposeAsync().ConfigureAwait(false);
        if (Directory.Exists(_configDirectory))
        {
            Directory.Delete(_configDirectory, recursive: true);
        }
    }

    [GeneratedRegex(@"health on http://[^\s]+:(?<port>\d+)/health")]
    private static partial Regex HealthLine();
}
