using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Unico.Web.Data;

/// <summary>
/// The app's store on PostgreSQL (<c>Unico:Storage:Provider = postgres</c>): the same model, its
/// own migrations (Data/Migrations/Postgres). Catalog names compare case-insensitively through a
/// nondeterministic ICU collation, as SQLite's NOCASE does.
/// </summary>
public sealed class PostgresUnicoDbContext(DbContextOptions<PostgresUnicoDbContext> options) : UnicoDbContext(options)
{
    /// <summary>The collation's name.</summary>
    public const string CaseInsensitive = "unico_ci";

    /// <inheritdoc/>
    protected override string NameCollation => CaseInsensitive;

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasCollation(CaseInsensitive, locale: "und-u-ks-level2", provider: "icu", deterministic: false);
        base.OnModelCreating(builder);
    }
}

/// <summary>Lets `dotnet ef migrations add --context PostgresUnicoDbContext` build the model without a server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresUnicoDbContext>
{
    /// <inheritdoc/>
    public PostgresUnicoDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresUnicoDbContext>().UseNpgsql("Host=localhost;Database=unico_design_time").Options);
}
