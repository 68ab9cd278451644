using Aspire.Hosting.ApplicationModel;
using NodeEmulators;

namespace AspireHosting;

/// <summary>
/// The Cosmos DB emulator (@vercel/cosmosdb-server behind our launcher) under Node.js, over HTTPS with a self-signed
/// certificate. Services referencing it get the connection string Aspire's Cosmos DB emulator gives
/// (<c>AccountEndpoint=…;AccountKey=…;DisableServerCertificateValidation=True;</c>).
/// </summary>
public sealed class LocalCosmosEmulatorResource(string name, string nodeExecutable, string workingDirectory)
    : ExecutableResource(name, nodeExecutable, workingDirectory), IResourceWithConnectionString
{
    public const string HttpsEndpointName = "https";

    private EndpointReference? _https;

    public EndpointReference HttpsEndpoint => _https ??= new(this, HttpsEndpointName);

    /// <summary>Database → containers (with partition key paths) the AppHost declares; they exist once the resource is ready.</summary>
    public IList<LocalCosmosContainer> Containers { get; } = [];

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"AccountEndpoint=https://127.0.0.1:{HttpsEndpoint.Property(EndpointProperty.Port)}/;AccountKey={CosmosEmulator.AccountKey};DisableServerCertificateValidation=True;");
}
