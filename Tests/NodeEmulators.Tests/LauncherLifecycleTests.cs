using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NodeEmulators.Tests;

/// <summary>What every launcher does the same way: stop cleanly, and fail with one clear message.</summary>
public class LauncherLifecycleTests
{
    public static TheoryData<string> Launchers => ["Azurite", "Cosmos DB emulator"];

    private static async Task<(IAsyncDisposable Emulator, int ProcessId, int Port)> StartAsync(string launcher, NodeEmulatorOptions? options = null)
    {
        if (launcher == "Azurite")
        {
            var azurite = await AzuriteEmulator.StartAsync(options);
            return (azurite, azurite.ProcessId, azurite.Port);
        }

        var cosmos = await CosmosEmulator.StartAsync(options);
        return (cosmos, cosmos.ProcessId, cosmos.Port);
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task Stopping_ends_the_node_process_and_frees_the_port(string launcher)
    {
        var (emulator, processId, port) = await StartAsync(launcher);

        await emulator.DisposeAsync();

        Assert.False(ProcessIsAlive(processId));
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task Busy_port_gives_an_error_that_says_so(string launcher)
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var busyPort = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<NodeEmulatorException>(() => StartAsync(launcher, new NodeEmulatorOptions { Port = busyPort }));

        Assert.StartsWith($"{launcher} exited before it listened on 127.0.0.1:{busyPort} (the port is in use).", error.Message);
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task Missing_node_gives_an_error_that_says_so(string launcher)
    {
        var error = await Assert.ThrowsAsync<NodeEmulatorException>(
            () => StartAsync(launcher, new NodeEmulatorOptions { NodeExecutable = "node-that-is-not-installed" }));

        Assert.Equal($"Node.js ('node-that-is-not-installed') was not found on PATH; install Node.js 20 or later to run {launcher}.", error.Message);
    }

    [Theory]
    [MemberData(nameof(Launchers))]
    public async Task Missing_npm_packages_give_an_error_that_says_how_to_install_them(string launcher)
    {
        var emptyRoot = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var error = await Assert.ThrowsAsync<NodeEmulatorException>(() => StartAsync(launcher, new NodeEmulatorOptions { RepositoryRoot = emptyRoot }));

            Assert.StartsWith($"{launcher} is not installed", error.Message);
            Assert.Contains("npm ci", error.Message);
        }
        finally
        {
            Directory.Delete(emptyRoot, recursive: true);
        }
    }

    private static bool ProcessIsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
