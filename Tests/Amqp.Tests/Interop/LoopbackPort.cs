using System.Net;
using System.Net.Sockets;

namespace Amqp.Tests.Interop;

/// <summary>
/// For listeners that take a port number and cannot report the one the system chose: asks the system for a free
/// loopback port, and retries the start when another process took it in between.
/// </summary>
internal static class LoopbackPort
{
    public static T Listen<T>(Func<int, T> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            try
            {
                return start(port);
            }
            catch (SocketException) when (attempt < 5)
            {
                // Taken between the probe and the start: try another port.
            }
        }
    }
}
