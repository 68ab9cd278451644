using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireHosting;

/// <summary>
/// Healthy once the emulator answers HTTP on its endpoint, whatever the status: Azurite refuses an unsigned request
/// (403) and the Cosmos emulator an unauthenticated one, and either answer means it serves. The Cosmos emulator's
/// certificate is self-signed and made at its start, so this check — and only this one — accepts any certificate.
/// </summary>
internal sealed class ListeningHealthCheck(Func<Uri> address) : IHealthCheck, IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var target = address();
        try
        {
            using var response = await _client.GetAsync(target, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{target} answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException exception)
        {
            return HealthCheckResult.Unhealthy($"{target}: {exception.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{target} did not answer within {_client.Timeout.TotalSeconds:0} s");
        }
    }

    public void Dispose() => _client.Dispose();
}
