using Aspire.Hosting.ApplicationModel;
using NodeEmulators;

namespace AspireHosting;

/// <summary>
/// Azurite's Blob service under Node.js, in memory. Services referencing it get an Azurite connection string with a
/// <c>BlobEndpoint</c>, the form Aspire's storage emulator gives for blobs.
/// </summary>
public sealed class LocalAzuriteResource(string name, string nodeExecutable, string workingDirectory)
    : ExecutableResource(name, nodeExecutable, workingDirectory), IResourceWithConnectionString
{
    public const string BlobEndpointName = "blob";

    private EndpointReference? _blob;

    public EndpointReference BlobEndpoint => _blob ??= new(this, BlobEndpointName);

    /// <summary>The blob containers the AppHost declares; they exist once the resource is ready.</summary>
    public IList<string> BlobContainers { get; } = [];

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteEmulator.AccountName};AccountKey={AzuriteEmulator.AccountKey};BlobEndpoint=http://127.0.0.1:{BlobEndpoint.Property(EndpointProperty.Port)}/{AzuriteEmulator.AccountName};");
}
