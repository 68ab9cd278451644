using System.Net;
using System.Net.Sockets;

namespace AppHost.Orchestration;

/// <summary>
/// A loopback port nobody listens on right now, for programs that must be told their port up front
/// (ASP.NET Core's ASPNETCORE_URLS). The small race until the program binds is reported as that program's failure.
/// </summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
