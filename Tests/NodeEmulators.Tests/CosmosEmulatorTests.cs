using System.Net;
using System.Text;

namespace NodeEmulators.Tests;

public class CosmosEmulatorTests
{
    private static HttpClient CreateClientTrustingOnlyThisTest() =>
        new(new SocketsHttpHandler
        {
            // The emulator's certificate is self-signed; this test client, and nothing else, accepts it.
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        });

    [Fact]
    public async Task Starts_on_a_free_loopback_port_with_the_aspire_connection_string()
    {
        await using var cosmos = await CosmosEmulator.StartAsync();

        Assert.NotEqual(0, cosmos.Port);
        Assert.Equal(
            $"AccountEndpoint=https://127.0.0.1:{cosmos.Port}/;AccountKey={CosmosEmulator.AccountKey};DisableServerCertificateValidation=True;",
            cosmos.ConnectionString);
    }

    [Fact]
    public async Task Keeps_connections_alive()
    {
        await using var cosmos = await CosmosEmulator.StartAsync();
        using var http = CreateClientTrustingOnlyThisTest();

        using var response = await http.GetAsync(cosmos.Endpoint);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.ConnectionClose ?? false);
    }

    [Fact]
    public async Task Reading_a_missing_item_answers_404_not_500()
    {
        await using var cosmos = await CosmosEmulator.StartAsync();
        using var http = CreateClientTrustingOnlyThisTest();
        using var database = await http.PostAsync(new Uri(cosmos.Endpoint, "dbs"), Json("""{"id":"db"}"""));
        using var container = await http.PostAsync(
            new Uri(cosmos.Endpoint, "dbs/db/colls"),
            Json("""{"id":"c","partitionKey":{"paths":["/store_id"],"kind":"Hash"}}"""));
        Assert.Equal(HttpStatusCode.Created, container.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cosmos.Endpoint, "dbs/db/colls/c/docs/missing"));
        request.Headers.Add("x-ms-documentdb-partitionkey", "[5]");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("NotFound", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Query_plan_request_gets_a_pass_through_plan_over_the_whole_range()
    {
        await using var cosmos = await CosmosEmulator.StartAsync();
        using var http = CreateClientTrustingOnlyThisTest();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cosmos.Endpoint, "dbs/db/colls/c/docs"))
        {
            Content = new StringContent("""{"query":"SELECT * FROM c"}""", Encoding.UTF8, "application/query+json"),
        };
        request.Headers.Add("x-ms-cosmos-is-query-plan-request", "True");

        using var response = await http.SendAsync(request);
        var plan = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"queryRanges\":[{\"min\":\"\",\"max\":\"FF\"", plan);
        Assert.Contains("\"rewrittenQuery\":\"\"", plan);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
