using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Unico.Engine;
using Unico.Engine.Hardware;
using Unico.Engine.Workloads;
using Unico.Web.Data;

namespace Unico.Web.Catalog;

/// <summary>A workload as the pages list it.</summary>
/// <param name="Name">Name runs refer to.</param>
/// <param name="BuiltIn">One of the engine's built-ins (read-only).</param>
/// <param name="Layers">Layers.</param>
/// <param name="DistinctLayers">Distinct problems (one mapping search each).</param>
/// <param name="TotalMacs">MACs of one inference.</param>
/// <param name="Description">What it is.</param>
public sealed record WorkloadInfo(string Name, bool BuiltIn, int Layers, int DistinctLayers, long TotalMacs, string Description);

/// <summary>A design space as the pages list it.</summary>
/// <param name="Name">Name runs refer to.</param>
/// <param name="BuiltIn">One of the engine's built-ins (read-only).</param>
/// <param name="FreeParameters">Parameters with more than one value.</param>
/// <param name="Size">Grid points before constraints.</param>
/// <param name="Description">What it is.</param>
public sealed record SpaceInfo(string Name, bool BuiltIn, int FreeParameters, string Size, string Description);

/// <summary>
/// Built-in and custom workloads and design spaces. Custom ones live in the database as the
/// engine's own JSON formats, are parsed by the engine on every save (never trusted as text), and
/// reach runs as snapshot files the app writes itself under <c>data/inputs/</c>, named by a hash
/// of their content: a run keeps the inputs it started with even if the workload is edited later.
/// </summary>
public sealed class CatalogService(IDbContextFactory<UnicoDbContext> dbFactory, IOptions<UnicoOptions> options, Runs.RunLimits limits)
{
    private const int MaxNameLength = 80;

    /// <summary>Built-ins first, then custom workloads by name.</summary>
    public async Task<List<WorkloadInfo>> WorkloadsAsync(CancellationToken cancellationToken = default)
    {
        var list = WorkloadZoo.All.Select(w => Info(w, builtIn: true)).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in await db.Workloads.AsNoTracking().OrderBy(w => w.Name).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Info(WorkloadJson.Parse(row.Json, row.Name), builtIn: false));
        }
        return list;
    }

    /// <summary>A workload by name (built-in or custom), or null.</summary>
    public async Task<(Workload Workload, bool BuiltIn)?> WorkloadAsync(string name, CancellationToken cancellationToken = default)
    {
        if (WorkloadZoo.TryGet(name, out var builtIn)) return (builtIn, true);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Workloads.AsNoTracking().SingleOrDefaultAsync(w => w.Name == name, cancellationToken).ConfigureAwait(false);
        return row is null ? null : (WorkloadJson.Parse(row.Json, row.Name), false);
    }

    /// <summary>
    /// Saves a custom workload (new when <paramref name="originalName"/> is null, else replacing it).
    /// Throws <see cref="UnicoInputException"/> with field "name" for a bad or taken name, "layers"
    /// beyond the operator's limits.
    /// </summary>
    public async Task SaveWorkloadAsync(Workload workload, string? originalName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workload);
        CheckName(workload.Name);
        for (var i = 0; i < workload.Layers.Length; i++)
        {
            if (InputText.NameProblem(workload.Layers[i].Name, MaxNameLength) is { } problem)
                throw new UnicoInputException(problem, field: $"layers[{i}].name");
        }
        limits.Check(workload, "layers");
        if (WorkloadZoo.TryGet(workload.Name, out var clash))
            throw new UnicoInputException($"'{clash.Name}' is a built-in workload; choose another name", field: "name");
        var json = WorkloadJson.Write(workload);
        WorkloadJson.Parse(json, workload.Name); // what is stored reads back
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var taken = await db.Workloads.SingleOrDefaultAsync(w => w.Name == workload.Name, cancellationToken).ConfigureAwait(false);
        CustomWorkloadEntity row;
        if (originalName is null)
        {
            if (taken is not null) throw new UnicoInputException($"a workload named '{workload.Name}' exists already", field: "name");
            row = new CustomWorkloadEntity { Name = workload.Name, CreatedAt = DateTime.UtcNow };
            db.Workloads.Add(row);
        }
        else
        {
            row = await db.Workloads.SingleOrDefaultAsync(w => w.Name == originalName, cancellationToken).ConfigureAwait(false)
                ?? throw new UnicoInputException($"no custom workload named '{originalName}'", field: "name");
            if (taken is not null && taken.Id != row.Id) throw new UnicoInputException($"a workload named '{workload.Name}' exists already", field: "name");
            row.Name = workload.Name;
        }
        row.Json = json;
        row.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a custom workload; false when there is none of that name.</summary>
    public async Task<bool> DeleteWorkloadAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Workloads.Where(w => w.Name == name).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Built-ins first, then custom spaces by name.</summary>
    public async Task<List<SpaceInfo>> SpacesAsync(CancellationToken cancellationToken = default)
    {
        var list = BuiltInSpaces.All.Select(s => Info(s, builtIn: true)).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in await db.Spaces.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Info(DesignSpace.Parse(row.Json, row.Name), builtIn: false));
        }
        return list;
    }

    /// <summary>A space by name (built-in or custom), or null.</summary>
    public async Task<(DesignSpace Space, bool BuiltIn)?> SpaceAsync(string name, CancellationToken cancellationToken = default)
    {
        if (BuiltInSpaces.TryGet(name, out var builtIn)) return (builtIn, true);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Spaces.AsNoTracking().SingleOrDefaultAsync(s => s.Name == name, cancellationToken).ConfigureAwait(false);
        return row is null ? null : (DesignSpace.Parse(row.Json, row.Name), false);
    }

    /// <summary>Saves a custom space given as JSON (parsed and validated by the engine; errors name the key).</summary>
    public async Task<DesignSpace> SaveSpaceAsync(string json, string? originalName, CancellationToken cancellationToken = default)
    {
        var space = DesignSpace.Parse(json, "space");
        CheckName(space.Name);
        if (BuiltInSpaces.TryGet(space.Name, out _))
            throw new UnicoInputException($"'{space.Name}' is a built-in space; choose another name", field: "name");
        if (space.SearchDimensions.IsEmpty)
            throw new UnicoInputException("the space has no free parameter: give at least one parameter a range, a set or choices", field: "parameters");
        var stored = space.ToJson();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var taken = await db.Spaces.SingleOrDefaultAsync(s => s.Name == space.Name, cancellationToken).ConfigureAwait(false);
        CustomSpaceEntity row;
        if (originalName is null)
        {
            if (taken is not null) throw new UnicoInputException($"a space named '{space.Name}' exists already", field: "name");
            row = new CustomSpaceEntity { Name = space.Name, CreatedAt = DateTime.UtcNow };
            db.Spaces.Add(row);
        }
        else
        {
            row = await db.Spaces.SingleOrDefaultAsync(s => s.Name == originalName, cancellationToken).ConfigureAwait(false)
                ?? throw new UnicoInputException($"no custom space named '{originalName}'", field: "name");
            if (taken is not null && taken.Id != row.Id) throw new UnicoInputException($"a space named '{space.Name}' exists already", field: "name");
            row.Name = space.Name;
        }
        row.Json = stored;
        row.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return space;
    }

    /// <summary>Deletes a custom space; false when there is none of that name.</summary>
    public async Task<bool> DeleteSpaceAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Spaces.Where(s => s.Name == name).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// What the engine should be given for a workload reference of a run config: the built-in name
    /// as it is, or the path of a snapshot file of the custom workload. Anything else (including
    /// file paths, which the web app never opens on a user's behalf) is an input error on <paramref name="field"/>.
    /// </summary>
    public async Task<string> WorkloadReferenceAsync(string reference, string field, CancellationToken cancellationToken = default)
    {
        if (WorkloadZoo.TryGet(reference, out _) || WorkloadCatalog.IsInline(reference)) return reference; // an inline workload is parsed by the engine
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Workloads.AsNoTracking().SingleOrDefaultAsync(w => w.Name == reference, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            var custom = await db.Workloads.AsNoTracking().Select(w => w.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
            throw new UnicoInputException(
                $"unknown workload '{reference}' (built-in: {string.Join(", ", WorkloadZoo.Names)}{(custom.Count > 0 ? "; custom: " + string.Join(", ", custom) : "")}; the web app takes names, not file paths)",
                field: field);
        }
        return await SnapshotAsync(db, "workload", row.Json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As <see cref="WorkloadReferenceAsync"/> for the design space.</summary>
    public async Task<string> SpaceReferenceAsync(string reference, CancellationToken cancellationToken = default)
    {
        if (BuiltInSpaces.TryGet(reference, out _) || DesignSpace.IsInline(reference)) return reference;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Spaces.AsNoTracking().SingleOrDefaultAsync(s => s.Name == reference, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            var custom = await db.Spaces.AsNoTracking().Select(s => s.Name).ToListAsync(cancellationToken).ConfigureAwait(false);
            throw new UnicoInputException(
                $"unknown design space '{reference}' (built-in: {string.Join(", ", BuiltInSpaces.Names)}{(custom.Count > 0 ? "; custom: " + string.Join(", ", custom) : "")}; the web app takes names, not file paths)",
                field: "space");
        }
        return await SnapshotAsync(db, "space", row.Json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A resolved reference as a run config that stands alone can carry it: a snapshot of a custom
    /// workload or space (a file this app wrote) as its JSON, anything else as it is.
    /// </summary>
    public string Standalone(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var inputs = Path.GetFullPath(Path.Combine(options.Value.DataPath, "inputs")) + Path.DirectorySeparatorChar;
        var full = WorkloadCatalog.IsInline(reference) || !Path.IsPathFullyQualified(reference) ? null : Path.GetFullPath(reference);
        return full is not null && full.StartsWith(inputs, StringComparison.Ordinal) && File.Exists(full) ? File.ReadAllText(full) : reference;
    }

    /// <summary>
    /// A name that is safe to show and to use as a reference: bounded, no control, bidirectional or
    /// invisible characters (a name that displays as another), no slashes, not <c>.</c> or <c>..</c>,
    /// not ending like a file name. Throws <see cref="UnicoInputException"/> on <paramref name="field"/>.
    /// </summary>
    public static void CheckName(string name, string field = "name")
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name)) throw new UnicoInputException("a name is required", field: field);
        if (InputText.NameProblem(name, MaxNameLength) is { } problem) throw new UnicoInputException(problem, field: field);
        if (name != name.Trim()) throw new UnicoInputException("no spaces at the start or end", field: field);
        if (name.Any(c => c is '/' or '\\') || name is "." or "..")
            throw new UnicoInputException("no slashes, and not '.' or '..'", field: field);
        if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            throw new UnicoInputException("a name must not end like a file name (.json, .yaml)", field: field);
    }

    // The file the engine reads, named by the content's hash; its content also goes into the
    // database, from which a worker on another machine writes its own copy (RunInputs).
    private async Task<string> SnapshotAsync(UnicoDbContext db, string kind, string json, CancellationToken cancellationToken)
    {
        var name = SnapshotName(kind, json);
        var path = Path.Combine(options.Value.DataPath, "inputs", name);
        WriteSnapshot(path, json);
        if (!await db.InputSnapshots.AnyAsync(x => x.Name == name, cancellationToken).ConfigureAwait(false))
        {
            db.InputSnapshots.Add(new InputSnapshotEntity { Name = name, Json = json });
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException)
            {
                // Another request may have stored the same content first; anything else is an error.
                db.ChangeTracker.Clear();
                if (!await db.InputSnapshots.AsNoTracking().AnyAsync(x => x.Name == name, cancellationToken).ConfigureAwait(false)) throw;
            }
        }
        return path;
    }

    /// <summary>The snapshot file name of a custom input: kind and the first 20 hex digits of the content's SHA-256.</summary>
    public static string SnapshotName(string kind, string json) =>
        $"{kind}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..20]}.json";

    /// <summary>Writes a snapshot file unless it exists (atomically: a reader never sees half of it).</summary>
    public static void WriteSnapshot(string path, string json)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        File.WriteAllText(temporary, json);
        File.Move(temporary, path, overwrite: true);
    }

    private static WorkloadInfo Info(Workload w, bool builtIn) =>
        new(w.Name, builtIn, w.LayerCount, w.DistinctLayers().Length, w.TotalMacs, w.Description);

    private static SpaceInfo Info(DesignSpace s, bool builtIn) =>
        new(s.Name, builtIn, s.FreeParameters.Length, s.Size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), s.Description);
}
