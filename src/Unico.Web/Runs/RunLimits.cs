using System.Globalization;
using System.Numerics;
using Microsoft.Extensions.Options;
using Unico.Engine;
using Unico.Engine.CoSearch;
using Unico.Engine.Workloads;

namespace Unico.Web.Runs;

/// <summary>Checks run configs and workloads against the operator's <see cref="LimitsOptions"/>.</summary>
public sealed class RunLimits(IOptions<LimitsOptions> options)
{
    /// <summary>The limits in force.</summary>
    public LimitsOptions Value => options.Value;

    /// <summary>Throws <see cref="UnicoInputException"/> naming the first field of <paramref name="config"/> beyond a limit.</summary>
    public void Check(CoSearchConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var l = options.Value;
        var b = config.Budget;
        var s = config.Settings;
        AtMost(b.MappingEvaluations, l.MaxMappingEvaluations, "budget.mapping_evaluations", nameof(l.MaxMappingEvaluations));
        AtMost(b.Seconds, l.MaxSeconds, "budget.seconds", nameof(l.MaxSeconds));
        AtMost(b.Iterations, l.MaxIterations, "budget.iterations", nameof(l.MaxIterations));
        AtMost(s.FullBudget, l.MaxFullBudget, "settings.full_budget", nameof(l.MaxFullBudget));
        AtMost(s.InitialPoints, l.MaxBatchPoints, "settings.initial_points", nameof(l.MaxBatchPoints));
        AtMost(s.BatchSize, l.MaxBatchPoints, "settings.batch_size", nameof(l.MaxBatchPoints));
    }

    /// <summary>Throws <see cref="UnicoInputException"/> when the workload has too many layers or a dimension too large.</summary>
    public void Check(Workload workload, string field)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var l = options.Value;
        if (workload.LayerCount > l.MaxLayersPerWorkload)
            throw Beyond(field, $"'{workload.Name}' has {workload.LayerCount} layers", l.MaxLayersPerWorkload, nameof(l.MaxLayersPerWorkload));
        foreach (var layer in workload.Layers)
        {
            var bounds = layer.Problem.Bounds;
            for (var i = 0; i < bounds.Length; i++)
            {
                if (bounds[i] > l.MaxDimensionSize)
                    throw Beyond(field, $"layer '{layer.Name}' has {layer.Problem.Shape.Dimensions[i]} = {bounds[i]}", l.MaxDimensionSize, nameof(l.MaxDimensionSize));
            }
            var product = bounds.Aggregate(BigInteger.One, (p, b) => p * b) * layer.Repeat;
            if (product > long.MaxValue)
                throw new UnicoInputException($"layer '{layer.Name}' has more multiply-accumulates than a 64-bit count holds", field: field);
        }
    }

    private static void AtMost<T>(T? value, T limit, string field, string setting) where T : struct, IComparable<T>
    {
        if (value is { } v && v.CompareTo(limit) > 0)
            throw Beyond(field, string.Format(CultureInfo.InvariantCulture, "{0}", v), limit, setting);
    }

    private static UnicoInputException Beyond<T>(string field, string what, T limit, string setting) =>
        new(string.Format(CultureInfo.InvariantCulture, "{0} is beyond this server's limit of {1} (Unico:Limits:{2})", what, limit, setting), field: field);
}
