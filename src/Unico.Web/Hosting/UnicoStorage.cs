using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.EntityFrameworkCore;
using Unico.Web.Data;

namespace Unico.Web.Hosting;

/// <summary>
/// The app's database and Hangfire's job storage for the configured provider: SQLite files under
/// the data directory (one process) or one PostgreSQL database (the app's tables in <c>public</c>,
/// Hangfire's in <c>hangfire</c>) shared by every web and worker process.
/// </summary>
public static class UnicoStorage
{
    // The advisory lock key that serialises Hangfire's schema installs ("UNICOHF" in ASCII).
    private const long SchemaLock = 0x554E49434F4846;

    // The advisory lock key that serialises the app's migrations ("UNICOMG").
    private const long MigrationLock = 0x554E49434F4D47;

    /// <summary>Registers <see cref="IDbContextFactory{TContext}"/> of <see cref="UnicoDbContext"/> and the <see cref="JobStorage"/>.</summary>
    public static StorageProvider AddUnicoStorage(this WebApplicationBuilder builder, UnicoOptions unico)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(unico);
        var provider = HostSettings.Provider(unico.Storage.Provider);
        builder.Services.AddSingleton(new StorageInfo(provider));
        if (provider == StorageProvider.Sqlite)
        {
            var databasePath = unico.Resolve(unico.DatabasePath);
            var hangfirePath = unico.Resolve(unico.HangfireDatabasePath);
            Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
            Directory.CreateDirectory(Path.GetDirectoryName(hangfirePath)!);
            builder.Services.AddDbContextFactory<UnicoDbContext>(o => o.UseSqlite($"Data Source={databasePath};Default Timeout=30"));
            // Created lazily, after Hangfire's global configuration (its log provider) belongs to this host.
            builder.Services.AddSingleton<JobStorage>(sp =>
            {
                sp.GetRequiredService<IGlobalConfiguration>();
                return new SQLiteStorage(hangfirePath, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(500) });
            });
            return provider;
        }

        var connectionString = unico.Storage.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Unico:Storage:ConnectionString is required with the postgres provider (set Unico__Storage__ConnectionString in the environment)");
        builder.Services.AddDbContextFactory<PostgresUnicoDbContext>(o => o.UseNpgsql(connectionString));
        builder.Services.AddSingleton<IDbContextFactory<UnicoDbContext>>(sp => new BaseContextFactory(sp.GetRequiredService<IDbContextFactory<PostgresUnicoDbContext>>()));
        builder.Services.AddScoped<UnicoDbContext>(sp => sp.GetRequiredService<PostgresUnicoDbContext>());
        builder.Services.AddSingleton<JobStorage>(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            var options = new PostgreSqlStorageOptions
            {
                // A split run hands out jobs every rung: poll often. (Not EnableLongPolling: with it a
                // fetched mapping job once stayed Enqueued for good, its worker never starting it.)
                QueuePollInterval = TimeSpan.FromMilliseconds(100),
                // A fetched job stays invisible while its worker's heartbeat slides the timeout; a
                // killed worker's job is handed out again once the timeout passes.
                InvisibilityTimeout = TimeSpan.FromSeconds(Math.Max(5, unico.Storage.InvisibilityTimeoutSeconds)),
                UseSlidingInvisibilityTimeout = true,
                PrepareSchemaIfNecessary = true,
                SchemaName = "hangfire",
            };
            // Processes starting together would install Hangfire's schema at once and trip over each
            // other's CREATE SCHEMA: one at a time, under a PostgreSQL advisory lock.
            using (AdvisoryLock.Take(connectionString, SchemaLock))
            {
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
            }
        });
        return provider;
    }

    /// <summary>
    /// Brings the app's schema up to date. Every process may: on PostgreSQL a session advisory lock
    /// makes them take turns, since EF Core's own lock is taken per migration and two processes
    /// starting together could otherwise apply the same later migration twice.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, StorageProvider provider)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<UnicoDbContext>>();
        await using var db = await factory.CreateDbContextAsync().ConfigureAwait(false);
        if (provider == StorageProvider.Sqlite)
        {
            await db.Database.MigrateAsync().ConfigureAwait(false);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;").ConfigureAwait(false);
            return;
        }
        using (AdvisoryLock.Take(db.Database.GetConnectionString()!, MigrationLock))
        {
            await db.Database.MigrateAsync().ConfigureAwait(false);
        }
    }

    // The app asks for UnicoDbContext everywhere; on PostgreSQL that is the provider's subclass.
    private sealed class BaseContextFactory(IDbContextFactory<PostgresUnicoDbContext> inner) : IDbContextFactory<UnicoDbContext>
    {
        public UnicoDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<UnicoDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The provider this process stores into (for the parts that differ: queue recovery, live updates across processes).</summary>
/// <param name="Provider">The provider.</param>
public sealed record StorageInfo(StorageProvider Provider)
{
    /// <summary>True when other processes may run this installation's jobs.</summary>
    public bool Shared => Provider == StorageProvider.Postgres;
}
