using Unico.Engine.CoSearch;
using Unico.Web.Data;
using Unico.Web.Runs;

namespace Unico.Web.Tests.Components;

/// <summary>Stored runs built from engine records, for page tests.</summary>
public static class Seed
{
    /// <summary>A small AlexNet config on the eyeriss-like space.</summary>
    public static CoSearchConfig Config(long budget = 2000) => CoSearchConfigJson.Parse($$"""
        { "name": "seeded", "workloads": ["AlexNet"], "space": "eyeriss-like", "objectives": ["latency", "energy", "area"],
          "settings": { "initial_points": 2, "batch_size": 2, "b0": 10, "full_budget": 30 }, "budget": { "mapping_evaluations": {{budget}} }, "seed": 3 }
        """);

    /// <summary>A run row in the given state.</summary>
    public static RunEntity Run(CoSearchConfig config, string status) => new()
    {
        Name = config.Name,
        Status = status,
        Algorithm = "unico",
        Objectives = "latency,energy,area",
        ConfigJson = CoSearchConfigJson.Write(config),
        ResolvedConfigJson = CoSearchConfigJson.Write(config),
        CreatedAt = DateTime.UtcNow,
        StartedAt = DateTime.UtcNow,
    };

    /// <summary>Stores <see cref="Run"/>'s row in the test context's database; returns its id.</summary>
    public static async Task<long> StoreRunAsync(ComponentTestContext ctx, CoSearchConfig config, string status)
    {
        using var db = ctx.Db();
        var run = Run(config, status);
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    /// <summary>An evaluated point.</summary>
    public static PointEntity Point(long runId, int id, double latency, double energy, double area, bool highFidelity = true) => new()
    {
        RunId = runId,
        PointId = id,
        Batch = 0,
        ParametersJson = EventJson.Serialize(new Dictionary<string, string> { ["pe_rows"] = (8 + id).ToString(System.Globalization.CultureInfo.InvariantCulture), ["dataflow"] = "row_stationary" }),
        Evaluated = true,
        Feasible = true,
        HighFidelity = highFidelity,
        LatencyCycles = latency,
        EnergyPj = energy,
        AreaMm2 = area,
        ObjectivesJson = EventJson.Serialize(new[] { Math.Log(latency), Math.Log(energy), Math.Log(area) }),
    };

    /// <summary>A stored event.</summary>
    public static RunEventEntity Event(long runId, CoSearchEvent e) => RunStore.EventRow(runId, e, DateTime.UtcNow);

    /// <summary>The point rows a run's events make, as the recorder stores them.</summary>
    public static List<PointEntity> Points(long runId, IEnumerable<CoSearchEvent> events)
    {
        var rows = new Dictionary<int, PointEntity>();
        foreach (var e in events)
        {
            if (e is HardwarePointProposed p && !rows.ContainsKey(p.PointId)) rows[p.PointId] = new PointEntity { RunId = runId, PointId = p.PointId };
            if (rows.TryGetValue(RunStore.PointIdOf(e), out var row)) RunStore.Apply(row, e);
        }
        return [.. rows.Values];
    }
}

/// <summary>Keeps a run's events in order.</summary>
public sealed class EventList : ICoSearchEventSink
{
    /// <summary>The events so far.</summary>
    public List<CoSearchEvent> Events { get; } = [];

    /// <inheritdoc/>
    public void Publish(CoSearchEvent e) => Events.Add(e);
}
