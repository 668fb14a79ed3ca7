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

    /// <summary>Multi-seed comparisons.</summary>
    public DbSet<ComparisonEntity> Comparisons => Set<ComparisonEntity>();

    /// <summary>Custom workloads.</summary>
    public DbSet<CustomWorkloadEntity> Workloads => Set<CustomWorkloadEntity>();

    /// <summary>Custom design spaces.</summary>
    public DbSet<CustomSpaceEntity> Spaces => Set<CustomSpaceEntity>();

    /// <summary>Servers that did a run's work.</summary>
    public DbSet<RunWorkerEntity> RunWorkers => Set<RunWorkerEntity>();

    /// <summary>Mapping jobs of runs split across workers.</summary>
    public DbSet<RungResultEntity> RungResults => Set<RungResultEntity>();

    /// <summary>Runs' checkpoints and results.</summary>
    public DbSet<RunDocumentEntity> RunDocuments => Set<RunDocumentEntity>();

    /// <summary>Snapshots of custom inputs.</summary>
    public DbSet<InputSnapshotEntity> InputSnapshots => Set<InputSnapshotEntity>();

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
        modelBuilder.Entity<ComparisonEntity>(e =>
        {
            e.ToTable("comparisons");
            e.HasKey(c => c.Id);
            e.Property(c => c.OwnerId).HasMaxLength(256);
            e.Property(c => c.OwnerName).HasMaxLength(256);
            e.HasIndex(c => c.Status);
        });
        modelBuilder.Entity<RunWorkerEntity>(e =>
        {
            e.ToTable("run_workers");
            e.HasKey(w => new { w.RunId, w.Worker });
            e.Property(w => w.Worker).HasMaxLength(200);
            e.HasOne<RunEntity>().WithMany().HasForeignKey(w => w.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RungResultEntity>(e =>
        {
            e.ToTable("rung_results");
            e.HasKey(r => new { r.RunId, r.PointId, r.Rung, r.Part });
            e.Property(r => r.Worker).HasMaxLength(200);
            e.HasOne<RunEntity>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RunDocumentEntity>(e =>
        {
            e.ToTable("run_documents");
            e.HasKey(d => new { d.RunId, d.Name });
            e.Property(d => d.Name).HasMaxLength(64);
            e.HasOne<RunEntity>().WithMany().HasForeignKey(d => d.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<InputSnapshotEntity>(e =>
        {
            e.ToTable("input_snapshots");
            e.HasKey(s => s.Name);
            e.Property(s => s.Name).HasMaxLength(100);
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
