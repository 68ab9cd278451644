using Aspire.Hosting.ApplicationModel;

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

    /// <summary>The Cosmos DB emulator's well-known key (public, emulator only).</summary>
    public const string AccountKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private EndpointReference? _https;

    public EndpointReference HttpsEndpoint => _https ??= new(this, HttpsEndpointName);

    /// <summary>Database → containers (with partition key paths) the AppHost declares; they exist once the resource is ready.</summary>
    public IList<LocalCosmosContainer> Containers { get; } = [];

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"AccountEndpoint=https://127.0.0.1:{HttpsEndpoint.Property(EndpointProperty.Port)}/;AccountKey={AccountKey};DisableServerCertificateValidation=True;");
}
