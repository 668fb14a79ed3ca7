using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Unico.Web.Tests.Integration;

/// <summary>The app on real Kestrel at a free port (what a raw socket or a wrong Content-Length needs), over its own data directory.</summary>
public sealed class KestrelApp : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly UnicoAppFactory _factory;

    /// <summary>Starts it listening on <paramref name="address"/> (loopback when null).</summary>
    public KestrelApp(IPAddress? address = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Port = TestEnvironment.FreePort();
        _factory = new UnicoAppFactory(_dir.Path, settings);
        _factory.UseKestrel((KestrelServerOptions o) => o.Listen(address ?? IPAddress.Loopback, Port));
        _factory.StartServer();
    }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>A client for http://127.0.0.1:PORT.</summary>
    public HttpClient Client() => new() { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _dir.Dispose();
    }
}
