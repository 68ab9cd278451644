using System.Text.RegularExpressions;

namespace NodeEmulators;

/// <summary>
/// The Cosmos DB emulator: npm <c>@vercel/cosmosdb-server</c> behind <c>cosmos-emulator.js</c>, which adds
/// keep-alive, answers the .NET SDK's query-plan requests and turns a missing item's 500 into 404.
/// HTTPS with a self-signed certificate, in memory, on loopback. Dispose to stop it.
/// </summary>
public sealed partial class CosmosEmulator : IAsyncDisposable
{
    /// <summary>The Cosmos DB emulator's well-known account key (public, emulator only; this emulator accepts any key).</summary>
    public const string AccountKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    /// <summary>The launcher script, relative to the repository root; it needs npm <c>@vercel/cosmosdb-server</c> installed.</summary>
    public static readonly string Script = Path.Combine("Emulators", "NodeEmulators", "cosmos-emulator.js");

    /// <summary>The npm package the launcher runs, relative to the repository root; present once the build has run <c>npm ci</c>.</summary>
    public static readonly string ServerPackage = Path.Combine("node_modules", "@vercel", "cosmosdb-server", "package.json");

    private readonly NodeEmulatorProcess _process;

    private CosmosEmulator(NodeEmulatorProcess process, string host)
    {
        _process = process;
        Endpoint = new Uri($"https://{host}:{process.Port}/");
        // The certificate is self-signed: the connection string, and only it, tells the client to accept it.
        ConnectionString = $"AccountEndpoint={Endpoint};AccountKey={AccountKey};DisableServerCertificateValidation=True;";
    }

    /// <summary>The account endpoint (<c>https://127.0.0.1:port/</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>The connection string in the form Aspire injects as <c>ConnectionStrings__cosmos</c>.</summary>
    public string ConnectionString { get; }

    public int Port => _process.Port;

    public int ProcessId => _process.ProcessId;

    /// <summary>Starts the emulator and returns once it accepts connections.</summary>
    /// <exception cref="NodeEmulatorException">Node.js or the emulator is missing, the port is busy, or it failed.</exception>
    public static async Task<CosmosEmulator> StartAsync(NodeEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NodeEmulatorOptions();
        var process = await NodeEmulatorProcess.StartAsync(
            "Cosmos DB emulator",
            Script,
            ["--host", options.Host, "--port", options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ReadyLine(),
            options,
            cancellationToken).ConfigureAwait(false);
        return new CosmosEmulator(process, options.Host);
    }

    /// <summary>Stops the emulator and every process it started; its in-memory data is gone.</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    [GeneratedRegex(@"^cosmos-emulator listening on https?://[^\s]+:(?<port>\d+)/")]
    private static partial Regex ReadyLine();
}
