using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace NodeEmulators;

/// <summary>
/// Azurite's Blob service (npm <c>azurite</c>), in memory, on loopback: over HTTP with the account key
/// (<see cref="StartAsync"/>), or over HTTPS accepting Entra ID bearer tokens (<see cref="StartWithEntraIdAsync"/>).
/// Dispose to stop it.
/// </summary>
public sealed partial class AzuriteEmulator : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key (public, emulator only).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly NodeEmulatorProcess _process;
    private readonly DirectoryInfo? _certificateDirectory;

    private AzuriteEmulator(NodeEmulatorProcess process, string host, X509Certificate2? certificate, DirectoryInfo? certificateDirectory)
    {
        _process = process;
        _certificateDirectory = certificateDirectory;
        Certificate = certificate;
        var scheme = certificate is null ? "http" : "https";
        BlobEndpoint = new Uri($"{scheme}://{host}:{process.Port}/{AccountName}");
        ConnectionString =
            $"DefaultEndpointsProtocol={scheme};AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";
    }

    /// <summary>
    /// The self-signed certificate Azurite serves when started with <see cref="StartWithEntraIdAsync"/> (null over HTTP).
    /// A client trusts exactly this certificate, nothing wider.
    /// </summary>
    public X509Certificate2? Certificate { get; }

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
        var process = await LaunchAsync(options, [], cancellationToken).ConfigureAwait(false);
        return new AzuriteEmulator(process, options.Host, null, null);
    }

    /// <summary>
    /// Starts Azurite over HTTPS with a certificate made for this run, in its basic OAuth mode: besides the account
    /// key it accepts bearer tokens for <c>https://storage.azure.com</c> from an Entra ID issuer (checking audience,
    /// issuer and lifetime, not the signature), so the token-credential path of a client can run locally.
    /// </summary>
    /// <exception cref="NodeEmulatorException">Node.js or Azurite is missing, the port is busy, or Azurite failed.</exception>
    public static async Task<AzuriteEmulator> StartWithEntraIdAsync(NodeEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NodeEmulatorOptions();
        var directory = Directory.CreateTempSubdirectory("azurite-tls-");
        try
        {
            var certificate = CreateCertificate(options.Host, directory, out var certificatePath, out var keyPath);
            var process = await LaunchAsync(options, ["--oauth", "basic", "--cert", certificatePath, "--key", keyPath], cancellationToken).ConfigureAwait(false);
            return new AzuriteEmulator(process, options.Host, certificate, directory);
        }
        catch
        {
            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Stops Azurite and every process it started; its in-memory data is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        Certificate?.Dispose();
        _certificateDirectory?.Delete(recursive: true);
    }

    /// <summary>Azurite's Blob service script, relative to the repository root (installed by the build's <c>npm ci</c>).</summary>
    public static readonly string Script = Path.Combine("node_modules", "azurite", "dist", "src", "blob", "main.js");

    /// <summary>How every launcher runs Azurite, before its host and port: in memory, quiet, no telemetry.</summary>
    public static readonly IReadOnlyList<string> InMemoryArguments =
    [
        "--inMemoryPersistence",
        "--disableTelemetry",
        // Azurite 3.37.0 (the newest served) refuses Azure.Storage.Blobs 12.30.1's x-ms-version 2026-10-06 with a
        // 400; every operation the consumer uses behaves the same under it. Drop once a newer Azurite is served.
        "--skipApiVersionCheck",
        "--silent",
    ];

    private static Task<NodeEmulatorProcess> LaunchAsync(NodeEmulatorOptions options, string[] extraArguments, CancellationToken cancellationToken) =>
        NodeEmulatorProcess.StartAsync(
            "Azurite",
            Script,
            [
                .. InMemoryArguments,
                "--blobHost", options.Host,
                "--blobPort", options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                .. extraArguments,
            ],
            ReadyLine(),
            options,
            cancellationToken);

    private static X509Certificate2 CreateCertificate(string host, DirectoryInfo directory, out string certificatePath, out string keyPath)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        if (System.Net.IPAddress.TryParse(host, out var address))
        {
            names.AddIpAddress(address);
        }
        else
        {
            names.AddDnsName(host);
        }

        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        certificatePath = Path.Combine(directory.FullName, "azurite.pem");
        keyPath = Path.Combine(directory.FullName, "azurite.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    [GeneratedRegex(@"successfully listens on https?://[^\s]+:(?<port>\d+)")]
    private static partial Regex ReadyLine();
}
