using ServiceBus.Authorization;
using ServiceBus.Tests.Support;
using ServiceBus.Transport;

namespace ServiceBus.Tests.Unit;

/// <summary>The Microsoft Entra ID path: a TokenCredential's tokens go to CBS as <c>jwt</c>, renewed before they expire.</summary>
public sealed class EntraIdAuthorizationTests
{
    [Fact]
    public async Task Credential_token_is_put_to_cbs_as_jwt_for_the_entity_audience_before_sending()
    {
        await using var broker = new RecordingCbsBroker();
        var credential = new FakeTokenCredential(TimeSpan.FromHours(1));
        await using var client = CreateClient(broker, credential);
        await using var sender = client.CreateSender("orders");

        await sender.SendMessageAsync(new ServiceBusMessage("hello"));

        var put = Assert.Single(broker.PutTokens);
        Assert.Equal("jwt", put.Type);
        Assert.Equal($"sb://127.0.0.1:{broker.Port}/orders", put.Audience);
        Assert.Equal("jwt-1", put.Token);
        Assert.Equal(["hello"], broker.SentBodies);
        Assert.Equal([EntraIdTokenProvider.Scope], Assert.Single(credential.RequestedScopes));
    }

    [Fact]
    public async Task Short_lived_token_is_renewed_before_it_expires()
    {
        await using var broker = new RecordingCbsBroker();
        var lifetime = TimeSpan.FromSeconds(6); // renewal is due at 80 %: 1.2 s of slack for a loaded machine
        await using var client = CreateClient(broker, new FakeTokenCredential(lifetime));
        await using var sender = client.CreateSender("orders");
        await sender.SendMessageAsync(new ServiceBusMessage("hello"));
        var first = Assert.Single(broker.PutTokens);

        await Task.Delay(lifetime + TimeSpan.FromSeconds(1));

        var renewals = broker.PutTokens.Where(p => p.Audience == first.Audience).Skip(1).ToList();
        Assert.NotEmpty(renewals);
        Assert.Equal("jwt-2", renewals[0].Token);
        Assert.True(renewals[0].ReceivedAt < first.ReceivedAt + lifetime, $"renewed at +{renewals[0].ReceivedAt - first.ReceivedAt}, after the {lifetime} lifetime");
        await sender.SendMessageAsync(new ServiceBusMessage("still authorised"));
        Assert.Equal(2, broker.SentBodies.Count);
    }

    [Fact]
    public void Namespace_and_credential_connect_with_tls_on_5671_or_websockets_on_443()
    {
        var credential = new FakeTokenCredential(TimeSpan.FromHours(1));
        var tcp = new ServiceBusClient("https://contoso.servicebus.windows.net:443/", credential);
        var webSockets = new ServiceBusClient("contoso.servicebus.windows.net", credential,
            new ServiceBusClientOptions { TransportType = ServiceBusTransportType.AmqpWebSockets });

        Assert.Equal("contoso.servicebus.windows.net", tcp.FullyQualifiedNamespace);
        Assert.Equal(new Uri("amqps://contoso.servicebus.windows.net:5671"), tcp.Scope.Endpoint.ConnectionAddress);
        Assert.Equal("sb://contoso.servicebus.windows.net/orders", tcp.Scope.Endpoint.AudienceFor("orders"));
        Assert.Equal(new Uri("wss://contoso.servicebus.windows.net:443/$servicebus/websocket"), webSockets.Scope.Endpoint.ConnectionAddress);
    }

    private static ServiceBusClient CreateClient(RecordingCbsBroker broker, FakeTokenCredential credential) =>
        new(new ServiceBusEndpoint(new Uri($"sb://127.0.0.1:{broker.Port}/"), ServiceBusTransportType.AmqpTcp, useDevelopmentEmulator: true),
            new EntraIdTokenProvider(credential), new ServiceBusClientOptions());
}
