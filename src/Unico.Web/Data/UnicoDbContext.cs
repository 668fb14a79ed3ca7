using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Unico.Web.Data;

/// <summary>
/// The app's SQLite store, with ASP.NET Core Identity's tables for the dashboard's accounts.
/// Create contexts with <see cref="IDbContextFactory{TContext}"/>: never share one.
/// </summary>
public sealed class UnicoDbContext(DbContextOptions<UnicoDbContext> options) : IdentityDbContext<IdentityUser, IdentityRole, string>(options)
{
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
            e.Property(w => w.Name).UseCollation("NOCASE");
        });
        modelBuilder.Entity<CustomSpaceEntity>(e =>
        {
            e.ToTable("spaces");
            e.HasIndex(s => s.Name).IsUnique();
            e.Property(s => s.Name).UseCollation("NOCASE");
        });
    }
}
