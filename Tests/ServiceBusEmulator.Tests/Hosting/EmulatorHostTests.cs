using System.Net;
using System.Text.Json;
using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Hosting;
using ServiceBusEmulator.Security;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Hosting;

public class EmulatorHostTests
{
    private static readonly EmulatorOptions FreePorts = new() { Port = 0, ManagementPort = 0 };

    [Fact]
    public async Task Health_endpoint_reports_healthy_and_the_amqp_listener()
    {
        await using var host = await ServiceBusEmulatorHost.StartAsync(FreePorts);
        using var http = new HttpClient();

        var response = await http.GetAsync($"http://127.0.0.1:{host.ManagementPort}/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("running", body.RootElement.GetProperty("broker").GetString());
        Assert.Equal($"listening on 127.0.0.1:{host.AmqpPort}", body.RootElement.GetProperty("amqp").GetString());
    }

    [Fact]
    public async Task Entities_endpoint_counts_active_and_dead_lettered_messages_per_queue()
    {
        await using var host = await ServiceBusEmulatorHost.StartAsync(FreePorts with
        {
            Configuration = new EmulatorConfiguration { Queues = [new QueueDefinition("q1"), new QueueDefinition("q2")] },
        });
        await host.Broker.SendAsync("q1", Messages.Text("{}", "m1"));
        await host.Broker.SendAsync("q1", Messages.Text("{}", "m2"));
        await host.Broker.SendAsync("q1", Messages.Text("{}", "m3"));
        using (var receiver = host.Broker.CreateReceiver("q1", ReceiveMode.PeekLock).Value)
        {
            var received = (await receiver.ReceiveAsync(1)).Value;
            Assert.True((await host.Broker.DeadLetterAsync("q1", received[0].LockToken, "BadEvent", "missing store_id")).IsSuccess);
        }

        using var http = new HttpClient();
        using var body = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{host.ManagementPort}/entities"));

        var entities = body.RootElement.EnumerateArray().ToDictionary(entity => entity.GetProperty("path").GetString()!);
        Assert.Equal(2, entities["q1"].GetProperty("active").GetInt32());
        Assert.Equal(1, entities["q1"].GetProperty("deadLettered").GetInt32());
        Assert.Equal(0, entities["q2"].GetProperty("active").GetInt32());
    }

    [Fact]
    public async Task Unknown_management_path_is_401_without_a_SAS_token_and_404_with_one()
    {
        await using var host = await ServiceBusEmulatorHost.StartAsync(FreePorts);
        using var http = new HttpClient();
        var address = $"http://127.0.0.1:{host.ManagementPort}/nope";
        using var signed = new HttpRequestMessage(HttpMethod.Get, address);
        signed.Headers.TryAddWithoutValidation("Authorization", SasTokenGenerator.Create(
            "http://127.0.0.1/", EmulatorOptions.DefaultKeyName, EmulatorOptions.DefaultKey, DateTimeOffset.UtcNow.AddMinutes(5)));

        var anonymous = await http.GetAsync(address);
        var authorized = await http.SendAsync(signed);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, authorized.StatusCode);
    }

    [Fact]
    public async Task With_amqp_disabled_there_is_no_connection_string()
    {
        await using var host = await ServiceBusEmulatorHost.StartAsync(FreePorts with { ServeAmqp = false });

        Assert.Null(host.AmqpPort);
        Assert.Null(host.ConnectionString);
    }

    [Fact]
    public async Task Plugged_protocol_endpoint_is_started_with_the_broker_and_gives_the_connection_string()
    {
        var endpoint = new RecordingEndpoint();
        var host = await ServiceBusEmulatorHost.StartAsync(FreePorts with
        {
            ProtocolEndpoints = [endpoint],
            ServeAmqp = false,
            Configuration = new EmulatorConfiguration { Queues = [new QueueDefinition("q1")] },
        });

        Assert.Same(host.Broker, endpoint.Context!.Broker);
        Assert.Equal(IPAddress.Loopback, endpoint.Context.BindAddress);
        Assert.Equal(
            "Endpoint=sb://localhost:45678;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true",
            host.ConnectionString);
        Assert.True(host.Broker.Describe("q1").IsSuccess);

        await host.DisposeAsync();
        Assert.True(endpoint.Stopped);
    }

    [Fact]
    public async Task Host_reads_the_config_file_and_recovers_the_data_directory()
    {
        using var data = new TemporaryDirectory();
        var options = FreePorts with { ConfigPath = Path.Combine(AppContext.BaseDirectory, "Config.json"), DataDirectory = data.Path, ManagementPort = -1 };
        await using (var host = await ServiceBusEmulatorHost.StartAsync(options))
        {
            await host.Broker.SendAsync("store-events", Messages.Text("{}", "e1"));
        }

        await using var restarted = await ServiceBusEmulatorHost.StartAsync(options);

        Assert.Equal("e1", Assert.Single(restarted.Broker.Peek("store-events", 0, 10).Ok()).MessageId);
    }

    [Fact]
    public async Task Invalid_config_file_stops_startup_with_the_field_named()
    {
        using var data = new TemporaryDirectory();
        var config = Path.Combine(data.Path, "Config.json");
        await File.WriteAllTextAsync(config, """{ "UserConfig": { "Namespaces": [ { "Name": "n", "Queues": [ { "Name": "q", "Properties": { "MaxDeliveryCount": 0 } } ] } ] } }""");

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => ServiceBusEmulatorHost.StartAsync(FreePorts with { ConfigPath = config }));

        Assert.Equal("UserConfig.Namespaces[0].Queues[0].Properties.MaxDeliveryCount", error.Path);
    }

    [Fact]
    public void Command_line_sets_every_option()
    {
        var options = EmulatorCommandLine.Parse(["--port", "5673", "--management-port", "5301", "--data-dir", "/tmp/x", "--bind", "0.0.0.0", "--config", "c.json"])!;

        Assert.Equal(5673, options.Port);
        Assert.Equal(5301, options.ManagementPort);
        Assert.Equal("/tmp/x", options.DataDirectory);
        Assert.Equal(IPAddress.Any, options.BindAddress);
        Assert.Equal("c.json", options.ConfigPath);
    }

    [Fact]
    public void Command_line_defaults_match_the_official_emulator()
    {
        var options = EmulatorCommandLine.Parse([])!;

        Assert.Equal(5672, options.Port);
        Assert.Equal(5300, options.ManagementPort);
        Assert.Equal(IPAddress.Loopback, options.BindAddress);
        Assert.Null(options.DataDirectory);
    }

    [Fact]
    public void Help_asks_for_usage_instead_of_starting()
    {
        Assert.Null(EmulatorCommandLine.Parse(["--help"]));
    }

    [Theory]
    [InlineData("--port", "70000")]
    [InlineData("--bind", "localhost-ish")]
    [InlineData("--colour", "red")]
    [InlineData("--port")]
    public void Bad_command_line_is_rejected(params string[] args)
    {
        Assert.Throws<ArgumentException>(() => EmulatorCommandLine.Parse(args));
    }

    [Fact]
    public async Task Emulator_executable_serves_health_and_stops_on_sigterm()
    {
        var emulator = Path.Combine(AppContext.BaseDirectory, "ServiceBusEmulator.dll");
        using var child = new ChildProcess(emulator, "--port", "0", "--management-port", "0", "--config", Path.Combine(AppContext.BaseDirectory, "Config.json"));
        var healthLine = child.WaitForLine(line => line.Contains("/health", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var url = healthLine[healthLine.IndexOf("http://", StringComparison.Ordinal)..].Trim();
        child.WaitForLine(line => line.Contains(EmulatorCommandLine.ReadyLine, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        using var http = new HttpClient();

        var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        PosixSignals.Send(child.Process.Id, PosixSignals.SigTerm);
        Assert.True(child.Process.WaitForExit(TimeSpan.FromSeconds(30)), "the emulator did not stop on SIGTERM");
        Assert.Equal(0, child.Process.ExitCode);
    }

    [Fact]
    public async Task Management_port_in_use_is_reported_with_the_port()
    {
        using var occupied = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((IPEndPoint)occupied.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<IOException>(() => ServiceBusEmulatorHost.StartAsync(FreePorts with { ManagementPort = port }));

        Assert.Contains($"management port {port}", error.Message);
    }

    private sealed class RecordingEndpoint : IProtocolEndpoint
    {
        public string Name => "amqp";

        public ProtocolEndpointContext? Context { get; private set; }

        public bool Stopped { get; private set; }

        public Task<int> StartAsync(ProtocolEndpointContext context, CancellationToken cancellationToken)
        {
            Context = context;
            return Task.FromResult(45678);
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            Stopped = true;
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
