using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Unico.Web.Data;
using Unico.Web.Hosting;

namespace Unico.Web.Tests.Integration;

/// <summary>
/// The real app (Hangfire server, SQLite files or a PostgreSQL database, jobs running the engine)
/// over a data directory the test owns; two factories over the same directory (and database) are
/// the same installation restarted.
/// </summary>
public sealed class UnicoAppFactory(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null, string? postgres = null) : WebApplicationFactory<Program>
{
    /// <summary>An app on <paramref name="provider"/>; for PostgreSQL, on the database of <paramref name="dataDirectory"/> (<see cref="TempDirectory.Postgres"/>).</summary>
    public UnicoAppFactory(TempDirectory dataDirectory, StorageProvider provider, IReadOnlyDictionary<string, string?>? settings = null)
        : this(dataDirectory?.Path ?? throw new ArgumentNullException(nameof(dataDirectory)), settings,
            provider == StorageProvider.Postgres ? dataDirectory.Postgres : null)
    {
    }

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
        if (postgres is not null)
        {
            builder.UseSetting("Unico:Storage:Provider", "postgres");
            builder.UseSetting("Unico:Storage:ConnectionString", postgres);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
    }
}

/// <summary>A temporary directory (and, when asked for, a PostgreSQL database) removed at the end of a test.</summary>
public sealed class TempDirectory : IDisposable
{
    private string? _postgres;

    /// <summary>Creates it.</summary>
    public TempDirectory() => Directory.CreateDirectory(Path);

    /// <summary>Its path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "unico-web-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>A PostgreSQL database that belongs with this directory (created on first use, dropped with it).</summary>
    public string Postgres => _postgres ??= TestPostgres.CreateDatabase();

    /// <summary>The app's database of this directory, opened without an app (to look at it while no app runs).</summary>
    public UnicoDbContext OpenDatabase(StorageProvider provider) => provider == StorageProvider.Sqlite
        ? new UnicoDbContext(new DbContextOptionsBuilder<UnicoDbContext>().UseSqlite($"Data Source={System.IO.Path.Combine(Path, "unico.db")}").Options)
        : new PostgresUnicoDbContext(new DbContextOptionsBuilder<PostgresUnicoDbContext>().UseNpgsql(Postgres).Options);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_postgres is not null) TestPostgres.DropDatabase(_postgres);
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
