using Unico.Engine.CoSearch;
using Unico.Web.Data;
using Unico.Web.Runs;

namespace Unico.Web.Tests.Integration;

/// <summary>Checks that a run's points table holds what the engine's result says of every point.</summary>
public static class RunRecordAssert
{
    /// <summary>
    /// Every row (read with its layers) is the reference's point, column by column: parameters,
    /// search vector, objectives, fidelity, feasibility and its reason, robustness, evaluations, and
    /// each layer's best mapping; no row is missing or extra.
    /// </summary>
    public static void SamePoints(CoSearchResult reference, IReadOnlyList<PointEntity> rows)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(rows);
        Assert.Equal(reference.Points.Select(p => p.Id).Order(), rows.Select(r => r.PointId).Order());
        var byId = rows.ToDictionary(r => r.PointId);
        foreach (var expected in reference.Points)
        {
            var row = byId[expected.Id];
            Assert.True(row.Evaluated, $"point {expected.Id} is not evaluated");
            // The rungs' objectives are the engine's own (the surrogate's); the table does not keep them.
            Assert.Equal(EventJson.Serialize(expected with { Rungs = null }), EventJson.Serialize(RunStore.ToOutcome(row)));
        }
    }
}
