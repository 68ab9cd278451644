using Azure.Messaging.ServiceBus;
using AzureClientIntegrations;
using Consumer.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceTesting;

namespace Consumer.Tests;

/// <summary>The connection-string forms Aspire gives (emulator strings, bare endpoints) reach the SDK clients as Aspire's integrations pass them.</summary>
public class ClientIntegrationSettingsTests
{
    private const string AzuriteConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    [Fact]
    public void Blob_connection_string_is_used_with_its_account_key()
    {
        var client = IntegrationClients.Blobs(AzuriteConnectionString);

        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", client.Uri.ToString().TrimEnd('/'));
        Assert.True(client.CanGenerateAccountSasUri);
    }

    [Fact]
    public void Aspire_container_name_is_taken_out_of_the_blob_connection_string_and_can_be_read()
    {
        var client = IntegrationClients.Blobs(AzuriteConnectionString + "ContainerName=warehouse;");

        Assert.True(client.CanGenerateAccountSasUri);
        Assert.Equal("warehouse", AzureBlobServiceClientExtensions.ContainerNameOf(AzuriteConnectionString + "ContainerName=warehouse;"));
        Assert.Null(AzureBlobServiceClientExtensions.ContainerNameOf("https://account.blob.core.windows.net"));
    }

    [Fact]
    public void Bare_blob_endpoint_selects_the_token_credential()
    {
        var client = IntegrationClients.Blobs("https://account.blob.core.windows.net");

        Assert.Equal("https://account.blob.core.windows.net/", client.Uri.ToString());
        Assert.False(client.CanGenerateAccountSasUri);
    }

    [Theory]
    [InlineData("AccountEndpoint=https://127.0.0.1:8081/;AccountKey=a2V5;", true)]
    [InlineData("AccountEndpoint=https://localhost:61234/;AccountKey=a2V5;", true)]
    [InlineData("AccountEndpoint=https://account.documents.azure.com:443/;AccountKey=a2V5;", false)]
    [InlineData("https://account.documents.azure.com:443/", false)]
    public void A_client_for_a_loopback_emulator_stays_on_its_endpoint_and_one_for_an_account_may_discover_regions(string value, bool limited)
    {
        using var client = IntegrationClients.Cosmos(value, EventStore.ConfigureClientOptions);

        Assert.Equal(limited, client.ClientOptions.LimitToEndpoint);
    }

    [Fact]
    public void Bare_cosmos_endpoint_selects_the_token_credential()
    {
        using var client = IntegrationClients.Cosmos("https://account.documents.azure.com:443/");

        Assert.Equal(new Uri("https://account.documents.azure.com/"), client.Endpoint);
    }

    [Fact]
    public void Settings_section_gives_the_endpoint_when_there_is_no_connection_string()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new($"{AzureCosmosClientExtensions.DefaultConfigSectionName}:cosmos:AccountEndpoint", "https://from-section.documents.azure.com:443/")]);

        builder.AddAzureCosmosClient("cosmos");

        using var client = builder.Services.BuildServiceProvider().GetRequiredService<Microsoft.Azure.Cosmos.CosmosClient>();
        Assert.Equal(new Uri("https://from-section.documents.azure.com/"), client.Endpoint);
    }

    [Theory]
    [InlineData("Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=a2V5;UseDevelopmentEmulator=true;", "127.0.0.1")]
    [InlineData("store-events.servicebus.windows.net", "store-events.servicebus.windows.net")]
    [InlineData("sb://store-events.servicebus.windows.net/", "store-events.servicebus.windows.net")]
    public async Task Service_bus_takes_a_connection_string_or_a_namespace(string value, string expectedNamespace)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("ConnectionStrings:servicebus", value)]);

        builder.AddAzureServiceBusClient("servicebus");

        await using var services = builder.Services.BuildServiceProvider();
        Assert.Equal(expectedNamespace, services.GetRequiredService<ServiceBusClient>().FullyQualifiedNamespace);
    }

    [Fact]
    public void Missing_connection_names_the_variable_to_set()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        var blobs = Assert.Throws<InvalidOperationException>(() => builder.AddAzureBlobServiceClient("blobs"));
        var cosmos = Assert.Throws<InvalidOperationException>(() => builder.AddAzureCosmosClient("cosmos"));

        Assert.Contains("ConnectionStrings__blobs", blobs.Message);
        Assert.Contains("ConnectionStrings__cosmos", cosmos.Message);
    }

    [Theory]
    [InlineData("AccountKey=abc==;", "Azure Cosmos DB: ConnectionStrings:cosmos has no valid AccountEndpoint.")]
    [InlineData("AccountEndpoint=https://127.0.0.1:8081/;", "Azure Cosmos DB: ConnectionStrings:cosmos has no AccountKey; give a bare endpoint to use Entra ID instead.")]
    [InlineData("just-some-text", "'just-some-text' in a connection string has no key and value (Key=Value;...).")]
    public void Malformed_cosmos_setting_says_what_is_wrong(string value, string expected)
    {
        Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => IntegrationClients.Cosmos(value)).Message);
    }
}
