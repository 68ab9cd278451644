using System.Net;
using System.Net.Sockets;

namespace ServiceTesting;

public static class ClosedPort
{
    /// <summary>A loopback port nothing listens on (the OS just handed it out and it was released again).</summary>
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
