using Consumer.Storage;

namespace Consumer.Tests;

public class ConnectionSettingTests
{
    private const string AzuriteConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    [Fact]
    public void Blob_connection_string_is_used_with_its_account_key()
    {
        var connection = BlobConnection.Parse(AzuriteConnectionString);

        Assert.False(connection.UsesTokenCredential);
        Assert.Equal(AzuriteConnectionString, connection.ConnectionString);
        var client = connection.CreateServiceClient(() => throw new InvalidOperationException("no token for a connection string"));
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", client.Uri.ToString().TrimEnd('/'));
        Assert.True(client.CanGenerateAccountSasUri);
    }

    [Fact]
    public void Aspire_container_name_is_taken_out_of_the_blob_connection_string()
    {
        var connection = BlobConnection.Parse(AzuriteConnectionString + "ContainerName=warehouse;");

        Assert.Equal("warehouse", connection.ContainerName);
        Assert.Equal(AzuriteConnectionString, connection.ConnectionString);
    }

    [Fact]
    public void Bare_blob_endpoint_selects_the_token_credential()
    {
        var credentialAsked = false;
        var connection = BlobConnection.Parse("https://account.blob.core.windows.net");

        var client = connection.CreateServiceClient(() =>
        {
            credentialAsked = true;
            return new Azure.Identity.DefaultAzureCredential();
        });

        Assert.True(connection.UsesTokenCredential);
        Assert.True(credentialAsked);
        Assert.Equal("https://account.blob.core.windows.net/", client.Uri.ToString());
        Assert.False(client.CanGenerateAccountSasUri);
    }

    [Fact]
    public void Cosmos_emulator_connection_string_keeps_its_key()
    {
        const string value = "AccountEndpoint=https://127.0.0.1:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;DisableServerCertificateValidation=True;";

        var connection = CosmosConnection.Parse(value);

        Assert.False(connection.UsesTokenCredential);
        Assert.Equal(new Uri("https://127.0.0.1:8081/"), connection.AccountEndpoint);
        Assert.Equal(value, connection.ConnectionString);
    }

    [Theory]
    [InlineData("AccountEndpoint=https://127.0.0.1:8081/;AccountKey=a2V5;", true)]
    [InlineData("AccountEndpoint=https://localhost:61234/;AccountKey=a2V5;", true)]
    [InlineData("AccountEndpoint=https://account.documents.azure.com:443/;AccountKey=a2V5;", false)]
    [InlineData("https://account.documents.azure.com:443/", false)]
    public void A_client_for_a_loopback_emulator_stays_on_its_endpoint_and_one_for_an_account_may_discover_regions(string value, bool limited)
    {
        using var client = CosmosConnection.Parse(value).CreateClient(() => new TestTokenCredential("https://cosmos.azure.com"), EventStore.CreateClientOptions());

        Assert.Equal(limited, client.ClientOptions.LimitToEndpoint);
    }

    [Fact]
    public void Bare_cosmos_endpoint_selects_the_token_credential()
    {
        var connection = CosmosConnection.Parse("https://account.documents.azure.com:443/");

        Assert.True(connection.UsesTokenCredential);
        Assert.Null(connection.ConnectionString);
        Assert.Equal(new Uri("https://account.documents.azure.com/"), connection.AccountEndpoint);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Missing_setting_names_the_variable_to_set(string? value)
    {
        Assert.Equal(
            "ConnectionStrings__blobs is not set: give a connection string or an endpoint URI.",
            Assert.Throws<InvalidOperationException>(() => BlobConnection.Parse(value)).Message);
        Assert.StartsWith(
            "ConnectionStrings__cosmos is not set",
            Assert.Throws<InvalidOperationException>(() => CosmosConnection.Parse(value)).Message);
    }

    [Theory]
    [InlineData("AccountKey=abc==;", "ConnectionStrings__cosmos has no valid AccountEndpoint.")]
    [InlineData("AccountEndpoint=https://127.0.0.1:8081/;", "ConnectionStrings__cosmos has no AccountKey; give a bare endpoint to use Entra ID instead.")]
    [InlineData("just-some-text", "ConnectionStrings__cosmos is neither an endpoint URI nor a connection string (Key=Value;...): 'just-some-text' has no key and value.")]
    public void Malformed_cosmos_setting_says_what_is_wrong(string value, string expected)
    {
        Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => CosmosConnection.Parse(value)).Message);
    }
}
