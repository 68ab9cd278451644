using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireHosting;

/// <summary>
/// Asks an HTTP endpoint every 100 ms, for up to <see cref="Patience"/> per check, until it answers — any answer, or
/// only 200 when <paramref name="requireOk"/>. Aspire re-runs a failing check only every few seconds, so a process that
/// starts listening a moment after the first try would otherwise wait out a whole interval (measured: Azurite became
/// healthy 6 s after it ran, the consumers 4.7 s); polling inside the check reports it ready as soon as it is.
/// The Cosmos emulator's certificate is self-signed and made at its start, so this check accepts any certificate.
/// </summary>
internal sealed class PollingHttpHealthCheck(Func<Uri> address, bool requireOk) : IHealthCheck, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

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
        var deadline = DateTime.UtcNow + Patience;
        string last;
        while (true)
        {
            try
            {
                using var response = await _client.GetAsync(target, cancellationToken).ConfigureAwait(false);
                if (!requireOk || response.StatusCode == HttpStatusCode.OK)
                {
                    return HealthCheckResult.Healthy($"{target} answered {(int)response.StatusCode}");
                }

                last = $"{target} answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException exception)
            {
                last = $"{target}: {exception.Message}";
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = $"{target} did not answer within {_client.Timeout.TotalSeconds:0} s";
            }

            if (DateTime.UtcNow + Pause > deadline)
            {
                return HealthCheckResult.Unhealthy(last);
            }

            await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _client.Dispose();
}
