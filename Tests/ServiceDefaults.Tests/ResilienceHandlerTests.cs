using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ServiceDefaults.Resilience;
using ServiceTesting;

namespace ServiceDefaults.Tests;

public sealed class ResilienceHandlerTests
{
    private static readonly HttpResilienceOptions Fast = new()
    {
        RetryDelay = TimeSpan.FromMilliseconds(10),
        AttemptTimeout = TimeSpan.FromSeconds(10),
        TotalTimeout = TimeSpan.FromSeconds(30),
    };

    private static HttpClient ClientThrough(HttpResilienceOptions options) =>
        new(new ResilienceHandler(HttpResiliencePipeline.Create(options)) { InnerHandler = new SocketsHttpHandler() });

    [Fact]
    public async Task Transient_server_errors_are_retried_until_the_call_succeeds()
    {
        await using var server = await LoopbackServer.StartAsync((context, attempt) =>
        {
            context.Response.StatusCode = attempt < 3 ? 503 : 200;
            return Task.CompletedTask;
        });
        using var client = ClientThrough(Fast);

        using var response = await client.GetAsync(server.Address);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 400;
            return Task.CompletedTask;
        });
        using var client = ClientThrough(Fast);

        using var response = await client.GetAsync(server.Address);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_buffered_body_is_sent_again_on_retry()
    {
        var bodies = new List<string>();
        await using var server = await LoopbackServer.StartAsync(async (context, attempt) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            lock (bodies)
            {
                bodies.Add(reader.ReadToEndAsync().GetAwaiter().GetResult());
            }

            context.Response.StatusCode = attempt == 1 ? 500 : 201;
            await Task.CompletedTask;
        });
        using var client = ClientThrough(Fast);

        using var response = await client.PostAsync(server.Address, new StringContent("{\"count\":5}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["{\"count\":5}", "{\"count\":5}"], bodies);
    }

    [Fact]
    public async Task A_slow_attempt_times_out_and_is_retried()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, attempt) =>
        {
            if (attempt == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted).ContinueWith(_ => { });
            }

            context.Response.StatusCode = 200;
        });
        using var client = ClientThrough(new HttpResilienceOptions { RetryDelay = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromSeconds(1) });

        using var response = await client.GetAsync(server.Address);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // At least one retry; a loaded machine may need more than one attempt to answer within the attempt timeout.
        Assert.True(server.Requests.Count >= 2);
    }

    [Fact]
    public async Task Exhausted_retries_return_the_last_failure_after_one_try_and_every_retry()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        using var client = ClientThrough(Fast);

        using var response = await client.GetAsync(server.Address);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1 + Fast.MaxRetryAttempts, server.Requests.Count);
    }

    [Fact]
    public async Task A_call_whose_every_attempt_times_out_surfaces_the_timeout()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
            await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { }));
        using var client = ClientThrough(new HttpResilienceOptions
        {
            MaxRetryAttempts = 1,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            AttemptTimeout = TimeSpan.FromMilliseconds(200),
        });

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => client.GetAsync(server.Address));
    }

    [Fact]
    public async Task An_open_circuit_fails_calls_without_reaching_the_server()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        using var client = ClientThrough(new HttpResilienceOptions
        {
            MaxRetryAttempts = 1,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            BreakerMinimumThroughput = 2,
            BreakerFailureRatio = 0.5,
            BreakDuration = TimeSpan.FromSeconds(30),
        });

        using (var first = await client.GetAsync(server.Address))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        }

        var reached = server.Requests.Count;
        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetAsync(server.Address));
        Assert.Equal(2, reached);
        Assert.Equal(reached, server.Requests.Count);
    }
}
