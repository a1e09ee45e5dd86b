using System.Net;
using System.Net.Sockets;

namespace WaQup.Tests.Infrastructure;

/// <summary>Loopback ports nobody is listening on, for the silos that tests start.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
