using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NodeEmulators.Tests;

public class AzuriteEmulatorTests
{
    [Fact]
    public async Task Starts_on_a_free_loopback_port_and_answers_http()
    {
        await using var azurite = await AzuriteEmulator.StartAsync();

        Assert.NotEqual(0, azurite.Port);
        Assert.Equal($"http://127.0.0.1:{azurite.Port}/devstoreaccount1", azurite.BlobEndpoint.ToString());
        using var http = new HttpClient();
        // An anonymous request reaches Azurite, which refuses it: proof that it listens and speaks Blob.
        using var response = await http.GetAsync(new Uri(azurite.BlobEndpoint + "?comp=list"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Connection_string_has_the_azurite_form()
    {
        await using var azurite = await AzuriteEmulator.StartAsync();

        Assert.Equal(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteEmulator.AccountKey};BlobEndpoint=http://127.0.0.1:{azurite.Port}/devstoreaccount1;",
            azurite.ConnectionString);
    }

    [Fact]
    public async Task Entra_id_mode_serves_https_with_its_own_certificate()
    {
        await using var azurite = await AzuriteEmulator.StartWithEntraIdAsync();
        var thumbprint = azurite.Certificate!.Thumbprint;
        using var http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint },
        });

        using var response = await http.GetAsync(new Uri(azurite.BlobEndpoint + "?comp=list"));

        Assert.Equal($"https://127.0.0.1:{azurite.Port}/devstoreaccount1", azurite.BlobEndpoint.ToString());
        Assert.StartsWith("DefaultEndpointsProtocol=https;", azurite.ConnectionString);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Stopping_ends_the_node_process_and_frees_the_port()
    {
        var azurite = await AzuriteEmulator.StartAsync();
        var processId = azurite.ProcessId;
        var port = azurite.Port;

        await azurite.DisposeAsync();

        Assert.False(ProcessIsAlive(processId));
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
    }

    [Fact]
    public async Task Busy_port_gives_an_error_that_says_so()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var busyPort = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<NodeEmulatorException>(
            () => AzuriteEmulator.StartAsync(new NodeEmulatorOptions { Port = busyPort }));

        Assert.Contains($"127.0.0.1:{busyPort}", error.Message);
        Assert.Contains("the port is in use", error.Message);
    }

    [Fact]
    public async Task Missing_node_gives_an_error_that_says_so()
    {
        var error = await Assert.ThrowsAsync<NodeEmulatorException>(
            () => AzuriteEmulator.StartAsync(new NodeEmulatorOptions { NodeExecutable = "node-that-is-not-installed" }));

        Assert.Equal(
            "Node.js ('node-that-is-not-installed') was not found on PATH; install Node.js 20 or later to run Azurite.",
            error.Message);
    }

    [Fact]
    public async Task Missing_npm_packages_give_an_error_that_says_how_to_install_them()
    {
        var emptyRoot = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var error = await Assert.ThrowsAsync<NodeEmulatorException>(
                () => AzuriteEmulator.StartAsync(new NodeEmulatorOptions { RepositoryRoot = emptyRoot }));

            Assert.StartsWith("Azurite is not installed", error.Message);
            Assert.Contains("npm ci", error.Message);
        }
        finally
        {
            Directory.Delete(emptyRoot, recursive: true);
        }
    }

    internal static bool ProcessIsAlive(int processId)
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
