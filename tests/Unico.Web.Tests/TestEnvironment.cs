using System.Net;
using System.Net.Sockets;

namespace Unico.Web.Tests;

/// <summary>Where the tests run: the repository and free ports on this machine.</summary>
internal static class TestEnvironment
{
    /// <summary>The repository root (the folder holding Unico.sln above the test binaries).</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Unico.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("Unico.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
