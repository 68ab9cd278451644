using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Consumer.Storage;
using Microsoft.Extensions.Options;
using NodeEmulators;
using ServiceTesting;

namespace Consumer.Tests;

/// <summary>The bare-endpoint (Entra ID) path of the archive, against Azurite over HTTPS in its OAuth mode.</summary>
public sealed class EventArchiveEntraIdTests : IAsyncLifetime
{
    private AzuriteEmulator _azurite = null!;

    public async Task InitializeAsync() => _azurite = await AzuriteEmulator.StartWithEntraIdAsync();

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    private EventArchive CreateArchive(TokenCredential credential)
    {
        var thumbprint = _azurite.Certificate!.Thumbprint;
        var handler = new SocketsHttpHandler
        {
            // Trust exactly the certificate this Azurite was started with.
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint },
        };
        var service = IntegrationClients.Blobs(_azurite.BlobEndpoint.ToString(), settings => settings.Credential = credential, options =>
        {
            options.Transport = new HttpClientTransport(new HttpClient(handler));
            options.Retry.MaxRetries = 0;
        });
        return new EventArchive(service, Options.Create(new EventArchiveOptions { ContainerName = "warehouse", CreateIfNotExists = true }));
    }

    [Fact]
    public async Task Bare_endpoint_archives_with_a_bearer_token()
    {
        var credential = new TestTokenCredential("https://storage.azure.com");
        var archive = CreateArchive(credential);
        await archive.InitializeAsync(CancellationToken.None);

        var outcome = await archive.ArchiveAsync(TestEvents.Create(1), CancellationToken.None);

        Assert.Equal(ArchiveOutcome.Archived, outcome);
        Assert.Contains("https://storage.azure.com/.default", credential.RequestedScopes);
    }

    [Fact]
    public async Task Token_for_another_audience_is_refused()
    {
        var archive = CreateArchive(new TestTokenCredential("https://vault.azure.net"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => archive.InitializeAsync(CancellationToken.None));

        Assert.Equal(403, error.Status);
        Assert.Contains("Invalid token audience", error.Message);
    }
}
