using ServiceBus.Transport;

namespace ServiceBus.Tests.Unit;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Emulator_connection_string_connects_over_plain_amqp_on_5672()
    {
        var properties = ServiceBusConnectionStringProperties.Parse(
            "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;");
        var endpoint = new ServiceBusEndpoint(properties.Endpoint, ServiceBusTransportType.AmqpTcp, properties.UseDevelopmentEmulator);

        Assert.True(properties.UseDevelopmentEmulator);
        Assert.Equal("RootManageSharedAccessKey", properties.SharedAccessKeyName);
        Assert.Equal("SAS_KEY_VALUE", properties.SharedAccessKey);
        Assert.Null(properties.EntityPath);
        Assert.Equal(new Uri("amqp://localhost:5672"), endpoint.ConnectionAddress);
        Assert.Equal("sb://localhost/q1", endpoint.AudienceFor("q1"));
    }

    [Fact]
    public void Port_in_the_emulator_endpoint_overrides_5672_and_stays_in_the_audience()
    {
        var properties = ServiceBusConnectionStringProperties.Parse("Endpoint=sb://127.0.0.1:5674/;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true");
        var endpoint = new ServiceBusEndpoint(properties.Endpoint, ServiceBusTransportType.AmqpTcp, properties.UseDevelopmentEmulator);

        Assert.Equal(new Uri("amqp://127.0.0.1:5674"), endpoint.ConnectionAddress);
        Assert.Equal("sb://127.0.0.1:5674/q1", endpoint.AudienceFor("q1"));
    }

    [Fact]
    public void Azure_connection_string_uses_tls_on_5671_or_websockets_on_443()
    {
        var properties = ServiceBusConnectionStringProperties.Parse(
            "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=a=b=c;EntityPath=store-events");

        Assert.False(properties.UseDevelopmentEmulator);
        Assert.Equal("a=b=c", properties.SharedAccessKey);
        Assert.Equal("store-events", properties.EntityPath);
        Assert.Equal("contoso.servicebus.windows.net", properties.FullyQualifiedNamespace);
        Assert.Equal(new Uri("amqps://contoso.servicebus.windows.net:5671"),
            new ServiceBusEndpoint(properties.Endpoint, ServiceBusTransportType.AmqpTcp, false).ConnectionAddress);
        Assert.Equal(new Uri("wss://contoso.servicebus.windows.net:443/$servicebus/websocket"),
            new ServiceBusEndpoint(properties.Endpoint, ServiceBusTransportType.AmqpWebSockets, false).ConnectionAddress);
    }

    [Fact]
    public void Emulator_flag_must_be_exactly_true()
    {
        Assert.False(ServiceBusConnectionStringProperties.Parse("Endpoint=sb://h;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=yes").UseDevelopmentEmulator);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("SharedAccessKeyName=k;SharedAccessKey=v", "no Endpoint")]
    [InlineData("Endpoint=sb://h;SharedAccessKeyName=k", "SharedAccessKey")]
    [InlineData("Endpoint=sb://h;garbage;SharedAccessKeyName=k;SharedAccessKey=v", "Name=Value")]
    public void Malformed_connection_string_is_refused_with_a_message_naming_the_problem(string connectionString, string expected)
    {
        var error = Assert.ThrowsAny<Exception>(() => ServiceBusConnectionStringProperties.Parse(connectionString));

        Assert.True(error is FormatException or ArgumentException);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://contoso.servicebus.windows.net:443/", "sb://contoso.servicebus.windows.net/")]
    [InlineData("contoso.servicebus.windows.net", "sb://contoso.servicebus.windows.net/")]
    [InlineData("sb://contoso.servicebus.windows.net", "sb://contoso.servicebus.windows.net/")]
    [InlineData("sb://localhost:5673", "sb://localhost:5673/")]
    public void Bare_endpoints_name_the_namespace(string setting, string expected)
    {
        Assert.Equal(new Uri(expected), ServiceBusConnectionStringProperties.ParseEndpoint(setting));
    }

    [Fact]
    public async Task Client_scoped_by_entity_path_refuses_other_entities()
    {
        await using var client = new ServiceBusClient("Endpoint=sb://h/;SharedAccessKeyName=k;SharedAccessKey=v;EntityPath=store-events");

        Assert.Equal("store-events", client.CreateSender("store-events").EntityPath);
        Assert.Throws<ArgumentException>(() => client.CreateSender("other"));
    }

    [Fact]
    public async Task Connection_setting_is_a_connection_string_or_a_bare_endpoint()
    {
        await using var fromString = ServiceBusClient.FromConnectionSetting("Endpoint=sb://localhost:5999;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true");
        await using var fromEndpoint = ServiceBusClient.FromConnectionSetting("https://contoso.servicebus.windows.net:443/",
            credential: new Support.FakeTokenCredential(TimeSpan.FromHours(1)));

        Assert.Equal(new Uri("amqp://localhost:5999"), fromString.Scope.Endpoint.ConnectionAddress);
        Assert.Equal(new Uri("amqps://contoso.servicebus.windows.net:5671"), fromEndpoint.Scope.Endpoint.ConnectionAddress);
    }
}
