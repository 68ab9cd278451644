using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace AppHost;

/// <summary>
/// The fixed loopback ports the dashboard is configured with (the launch profile's 18888, 18890, 18891), checked before
/// the graph starts: when one is taken, DCP and the dashboard start anyway, report healthy, and nobody can reach the
/// dashboard, with no error anywhere. A port 0 (chosen by the system) needs no check.
/// </summary>
internal static class LoopbackPorts
{
    private static readonly string[] Settings = ["ASPNETCORE_URLS", "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", "ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"];

    /// <summary>A one-line description of the first configured port that is in use, or null when all are free.</summary>
    public static string? FirstInUse(IConfiguration configuration)
    {
        foreach (var setting in Settings)
        {
            foreach (var url in (configuration[setting] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Port == 0 || !IPAddress.TryParse(uri.Host, out var address))
                {
                    continue;
                }

                try
                {
                    using var probe = new TcpListener(address, uri.Port);
                    probe.Start();
                }
                catch (SocketException)
                {
                    return $"{uri.Host}:{uri.Port} ({setting}) is already in use: stop the other AppHost using it, or run with --no-launch-profile and {setting}={uri.Scheme}://{uri.Host}:0";
                }
            }
        }

        return null;
    }
}
