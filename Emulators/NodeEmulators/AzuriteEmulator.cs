using System.Text.RegularExpressions;

namespace NodeEmulators;

/// <summary>
/// Azurite's Blob service (npm <c>azurite</c>), in memory, on loopback. Dispose to stop it.
/// </summary>
public sealed partial class AzuriteEmulator : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key (public, emulator only).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly NodeEmulatorProcess _process;

    private AzuriteEmulator(NodeEmulatorProcess process, string host)
    {
        _process = process;
        BlobEndpoint = new Uri($"http://{host}:{process.Port}/{AccountName}");
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";
    }

    /// <summary>The Blob service endpoint, account path included (<c>http://127.0.0.1:port/devstoreaccount1</c>).</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The connection string in the form Aspire injects as <c>ConnectionStrings__blobs</c>.</summary>
    public string ConnectionString { get; }

    public int Port => _process.Port;

    public int ProcessId => _process.ProcessId;

    /// <summary>Starts Azurite and returns once it accepts connections.</summary>
    /// <exception cref="NodeEmulatorException">Node.js or Azurite is missing, the port is busy, or Azurite failed.</exception>
    public static async Task<AzuriteEmulator> StartAsync(NodeEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NodeEmulatorOptions();
        var process = await NodeEmulatorProcess.StartAsync(
            "Azurite",
            Path.Combine("node_modules", "azurite", "dist", "src", "blob", "main.js"),
            [
                "--inMemoryPersistence",
                "--disableTelemetry",
                "--silent",
                "--blobHost", options.Host,
                "--blobPort", options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ],
            ReadyLine(),
            options,
            cancellationToken).ConfigureAwait(false);
        return new AzuriteEmulator(process, options.Host);
    }

    /// <summary>Stops Azurite and every process it started; its in-memory data is gone.</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    [GeneratedRegex(@"successfully listens on https?://[^\s]+:(?<port>\d+)")]
    private static partial Regex ReadyLine();
}
