using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Unico.Web.Data;

/// <summary>
/// The app's store (SQLite by default; <see cref="PostgresUnicoDbContext"/> for PostgreSQL), with
/// ASP.NET Core Identity's tables for the dashboard's accounts. Create contexts with
/// <see cref="IDbContextFactory{TContext}"/>: never share one. Each provider has its own
/// migrations (EF Core keys them by context type): SQLite's belong to this class.
/// </summary>
public class UnicoDbContext : IdentityDbContext<IdentityUser, IdentityRole, string>
{
    /// <summary>A SQLite (or test) context.</summary>
    public UnicoDbContext(DbContextOptions<UnicoDbContext> options) : base(options)
    {
    }

    /// <summary>For a provider's subclass.</summary>
    protected UnicoDbContext(DbContextOptions options) : base(options)
    {
    }

    /// <summary>Case-insensitive collation of catalog names (SQLite's built-in NOCASE).</summary>
    protected virtual string NameCollation => "NOCASE";

    /// <summary>Runs.</summary>
    public DbSet<RunEntity> Runs => Set<RunEntity>();

    /// <summary>Hardware points.</summary>
    public DbSet<PointEntity> Points => Set<PointEntity>();

    /// <summary>Engine events.</summary>
    public DbSet<RunEventEntity> Events => Set<RunEventEntity>();

    /// <summary>Custom workloads.</summary>
    public DbSet<CustomWorkloadEntity> Workloads => Set<CustomWorkloadEntity>();

    /// <summary>Custom design spaces.</summary>
    public DbSet<CustomSpaceEntity> Spaces => Set<CustomSpaceEntity>();

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        var modelBuilder = builder;
        modelBuilder.Entity<RunEntity>(e =>
        {
            e.ToTable("runs");
            e.HasKey(r => r.Id);
            e.Property(r => r.Status).HasMaxLength(16);
            e.Property(r => r.OwnerId).HasMaxLength(450);
            e.Property(r => r.OwnerName).HasMaxLength(256);
            e.HasIndex(r => r.Status);
            e.HasMany(r => r.Points).WithOne().HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<PointEntity>(e =>
        {
            e.ToTable("points");
            e.HasKey(p => new { p.RunId, p.PointId });
        });
        modelBuilder.Entity<RunEventEntity>(e =>
        {
            e.ToTable("events");
            e.HasKey(v => new { v.RunId, v.Sequence });
            e.HasOne<RunEntity>().WithMany().HasForeignKey(v => v.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CustomWorkloadEntity>(e =>
        {
            e.ToTable("workloads");
            e.HasIndex(w => w.Name).IsUnique();
            e.Property(w => w.Name).UseCollation(NameCollation);
        });
        modelBuilder.Entity<CustomSpaceEntity>(e =>
        {
            e.ToTable("spaces");
            e.HasIndex(s => s.Name).IsUnique();
            e.Property(s => s.Name).UseCollation(NameCollation);
        });
    }
}
