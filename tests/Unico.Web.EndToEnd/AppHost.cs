using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Unico.Web.EndToEnd;

/// <summary>
/// The real app on Kestrel at a free localhost port (not the test server), over a temporary data
/// directory, in this process so tests can seed the database and reach the app's services.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    private readonly Factory _factory;

    private AppHost(string dataDirectory, int port)
    {
        DataDirectory = dataDirectory;
        BaseUrl = $"http://127.0.0.1:{port}";
        _factory = new Factory(dataDirectory);
        _factory.UseKestrel(port);
        _factory.StartServer();
    }

    /// <summary>Data directory (removed on dispose).</summary>
    public string DataDirectory { get; }

    /// <summary>http://127.0.0.1:PORT.</summary>
    public string BaseUrl { get; }

    /// <summary>A service of the app.</summary>
    public T Get<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    /// <summary>Starts the app.</summary>
    public static AppHost Start()
    {
        var dir = Path.Combine(Path.GetTempPath(), "unico-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return new AppHost(dir, FreePort());
    }

    /// <summary>An HTTP client for the app.</summary>
    public HttpClient Client() => new() { BaseAddress = new Uri(BaseUrl) };

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _factory.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
            // Hangfire's server gave up waiting for a job at shutdown; the data directory goes anyway.
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Factory(string dataDirectory) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Unico:DataDirectory", dataDirectory);
            builder.UseSetting("Unico:DatabasePath", Path.Combine(dataDirectory, "unico.db"));
            builder.UseSetting("Unico:HangfireDatabasePath", Path.Combine(dataDirectory, "hangfire.db"));
            builder.UseSetting("Unico:WorkerCount", "1");
        }
    }
}
