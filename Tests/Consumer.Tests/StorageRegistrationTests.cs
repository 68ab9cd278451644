using Azure.Storage.Blobs;
using Consumer.Extensions;
using Consumer.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Consumer.Tests;

public class StorageRegistrationTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEventStorage();
        return builder.Build();
    }

    [Fact]
    public void Settings_arrive_the_way_aspire_injects_them()
    {
        using var host = Build(new()
        {
            ["ConnectionStrings:blobs"] = "https://account.blob.core.windows.net",
            ["ConnectionStrings:cosmos"] = "https://account.documents.azure.com:443/",
            ["EventArchive:ContainerName"] = "archive-x",
            ["EventArchive:CreateIfNotExists"] = "true",
            ["EventStore:DatabaseName"] = "db-x",
            ["EventStore:ContainerName"] = "events-x",
            ["EventStore:CreateIfNotExists"] = "true",
        });

        var archive = host.Services.GetRequiredService<EventArchive>();
        var storeOptions = host.Services.GetRequiredService<IOptions<EventStoreOptions>>().Value;
        Assert.Equal("archive-x", archive.ContainerName);
        Assert.True(host.Services.GetRequiredService<IOptions<EventArchiveOptions>>().Value.CreateIfNotExists);
        Assert.Equal(("db-x", "events-x", true), (storeOptions.DatabaseName, storeOptions.ContainerName, storeOptions.CreateIfNotExists));
        Assert.Equal("https://account.blob.core.windows.net/", host.Services.GetRequiredService<BlobServiceClient>().Uri.ToString());
        var cosmos = host.Services.GetRequiredService<CosmosClient>();
        Assert.Equal(new Uri("https://account.documents.azure.com/"), cosmos.Endpoint);
        Assert.Equal(ConnectionMode.Gateway, cosmos.ClientOptions.ConnectionMode);
        Assert.NotNull(host.Services.GetRequiredService<EventStore>());
    }

    [Fact]
    public void Defaults_are_the_warehouse_names_and_no_creation()
    {
        using var host = Build(new()
        {
            ["ConnectionStrings:blobs"] = "https://account.blob.core.windows.net",
            ["ConnectionStrings:cosmos"] = "https://account.documents.azure.com:443/",
        });

        var archiveOptions = host.Services.GetRequiredService<IOptions<EventArchiveOptions>>().Value;
        var storeOptions = host.Services.GetRequiredService<IOptions<EventStoreOptions>>().Value;
        Assert.Equal(("warehouse", false), (archiveOptions.ContainerName, archiveOptions.CreateIfNotExists));
        Assert.Equal(("warehouse", "events", false), (storeOptions.DatabaseName, storeOptions.ContainerName, storeOptions.CreateIfNotExists));
    }

    [Fact]
    public void Container_named_in_the_aspire_connection_string_is_used()
    {
        using var host = Build(new()
        {
            ["ConnectionStrings:blobs"] = "UseDevelopmentStorage=true;ContainerName=from-aspire;",
            ["ConnectionStrings:cosmos"] = "https://account.documents.azure.com:443/",
        });

        Assert.Equal("from-aspire", host.Services.GetRequiredService<EventArchive>().ContainerName);
    }

    [Fact]
    public void Missing_connection_string_fails_at_start_naming_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["ConnectionStrings:cosmos"] = "https://a.documents.azure.com/" }));

        Assert.StartsWith("Azure Blob Storage: no connection for 'blobs'. Set ConnectionStrings:blobs (ConnectionStrings__blobs)", error.Message);
    }
}
