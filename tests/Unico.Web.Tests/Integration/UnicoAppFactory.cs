using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Unico.Web.Tests.Integration;

/// <summary>
/// The real app (Hangfire server, SQLite files, jobs running the engine) over a data directory the
/// test owns; two factories over the same directory are the same installation restarted.
/// </summary>
public sealed class UnicoAppFactory(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>The data directory (database, Hangfire storage, run directories).</summary>
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>A service of the running app.</summary>
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <inheritdoc/>
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("Unico:DataDirectory", DataDirectory);
        builder.UseSetting("Unico:DatabasePath", Path.Combine(DataDirectory, "unico.db"));
        builder.UseSetting("Unico:HangfireDatabasePath", Path.Combine(DataDirectory, "hangfire.db"));
        builder.UseSetting("Unico:WorkerCount", "1");
        builder.UseSetting("Unico:ChartFlushMilliseconds", "50");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
    }
}

/// <summary>A temporary directory removed at the end of a test.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates it.</summary>
    public TempDirectory() => Directory.CreateDirectory(Path);

    /// <summary>Its path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "unico-web-" + Guid.NewGuid().ToString("N")[..12]);

    /// <inheritdoc/>
    public void Dispose()
    {
        for (var i = 0; i < 5; i++)
        {
            try
            {
                if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(200);
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(200);
            }
        }
    }
}
