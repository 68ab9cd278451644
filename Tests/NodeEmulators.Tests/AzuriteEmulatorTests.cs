using System.Net;

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
}
