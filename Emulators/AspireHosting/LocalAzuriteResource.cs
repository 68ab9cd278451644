using Aspire.Hosting.ApplicationModel;

namespace AspireHosting;

/// <summary>
/// Azurite's Blob service under Node.js, in memory. Services referencing it get an Azurite connection string with a
/// <c>BlobEndpoint</c>, the form Aspire's storage emulator gives for blobs.
/// </summary>
public sealed class LocalAzuriteResource(string name, string nodeExecutable, string workingDirectory)
    : ExecutableResource(name, nodeExecutable, workingDirectory), IResourceWithConnectionString
{
    public const string BlobEndpointName = "blob";

    /// <summary>Azurite's well-known development account and key (public, emulator only).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private EndpointReference? _blob;

    public EndpointReference BlobEndpoint => _blob ??= new(this, BlobEndpointName);

    /// <summary>The blob containers the AppHost declares; they exist once the resource is ready.</summary>
    public IList<string> BlobContainers { get; } = [];

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{BlobEndpoint.Property(EndpointProperty.Port)}/{AccountName};");
}
