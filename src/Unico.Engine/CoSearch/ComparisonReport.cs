using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Unico.Engine.CoSearch;

/// <summary>What a scored comparison is written as: comparison.json, report.md and the hypervolume plots.</summary>
public static class ComparisonReport
{
    /// <summary>comparison.json: per contestant the medians, speed-ups and per-seed figures.</summary>
    public static string Json(ComparisonResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var algorithms = new JsonObject();
        foreach (var s in result.Summaries)
        {
            algorithms[s.Name] = new JsonObject
            {
                ["final_hv_median"] = s.FinalHypervolumeMedian,
                ["evals_to_hasco_final_median"] = s.EvaluationsToHascoFinalMedian,
                ["seconds_to_hasco_final_median"] = s.SecondsToHascoFinalMedian,
                ["speedup_vs_hasco"] = s.SpeedupVsHasco,
                ["seconds_speedup_vs_hasco"] = s.SecondsSpeedupVsHasco,
                ["seconds_median"] = s.SecondsMedian,
                ["proposing_share_median"] = s.ProposingShareMedian,
                ["rank_correlation_robustness_vs_degradation_median"] = s.RankCorrelationMedian,
                ["held_out_hv_median"] = s.HeldOutHypervolumeMedian,
                ["held_out_hv_robust_median"] = s.HeldOutHypervolumeRobustMedian,
                ["per_seed"] = new JsonArray([.. result.Runs.Where(r => r.Entry == s.Name).Select(r => (JsonNode)new JsonObject
                {
                    ["seed"] = r.Seed,
                    ["final_hv"] = r.FinalHypervolume,
                    ["evals_to_hasco_final"] = r.EvaluationsToTarget,
                    ["seconds_to_hasco_final"] = r.SecondsToTarget,
                    ["mapping_evaluations"] = r.MappingEvaluations,
                    ["seconds"] = r.Seconds,
                    ["proposing_seconds"] = r.ProposingSeconds,
                    ["rank_correlation"] = r.RankCorrelation,
                    ["held_out_hv"] = r.HeldOutHypervolume,
                    ["held_out_hv_robust"] = r.HeldOutHypervolumeRobust,
                    ["curve"] = new JsonArray([.. r.Curve.Select(p => (JsonNode)new JsonArray(p.MappingEvaluations, p.Seconds, p.Hypervolume))]),
                })]),
            };
        }
        return new JsonObject
        {
            ["name"] = result.Config.Name,
            ["hasco_final_hv_median"] = result.Target,
            ["bounds"] = new JsonObject
            {
                ["lower"] = new JsonArray([.. result.Bounds.Lower.Select(v => JsonValue.Create(v))]),
                ["upper"] = new JsonArray([.. result.Bounds.Upper.Select(v => JsonValue.Create(v))]),
                ["reference"] = ObjectiveBounds.Reference,
            },
            ["config"] = new JsonObject
            {
                ["run"] = JsonNode.Parse(CoSearchConfigJson.Write(result.Config.Base)),
                ["seeds"] = new JsonArray([.. result.Config.Seeds.Select(s => JsonValue.Create(s))]),
                ["algorithms"] = new JsonArray([.. result.Config.Entries.Select(e => (JsonNode)new JsonObject
                {
                    ["name"] = e.Name,
                    ["algorithm"] = EnumNames.Of(e.Algorithm),
                })]),
            },
            ["algorithms"] = algorithms,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>report.md: the tables a reader needs, the setup, and a plot of the median curves.</summary>
    public static string Markdown(ComparisonResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = CultureInfo.InvariantCulture;
        string F(double? v, string format = "F4") => v is { } x ? x.ToString(format, c) : "not reached";
        var cfg = result.Config.Base;
        var r = new StringBuilder();
        r.Append(c, $"# Comparison: {result.Config.Name}\n\n");
        r.Append(c, $"Training workloads: {string.Join(", ", cfg.TrainingWorkloads)}; held out: {(cfg.HeldOutWorkloads.Count == 0 ? "none" : string.Join(", ", cfg.HeldOutWorkloads))}. ");
        r.Append(c, $"Design space: {cfg.Space}. Objectives: {string.Join(", ", cfg.Objectives.Select(EnumNames.Of))}. ");
        r.Append(c, $"Every algorithm: full mapping budget B = {cfg.Settings.FullBudget:N0} evaluations per distinct layer, ");
        r.Append(c, $"total budget {(cfg.Budget.MappingEvaluations is { } b ? b.ToString("N0", c) + " mapping evaluations" : "by time/iterations")}, ");
        r.Append(c, $"seeds {string.Join(", ", result.Config.Seeds)}, mapper {EnumNames.Of(cfg.Mapper.Strategy)} ({EnumNames.Of(cfg.Mapper.Objective)}).\n\n");
        r.Append("Hypervolume is computed in one normalized space for every run: log latency, log energy and log area scaled by ");
        r.Append("bounds spanning all feasible points of all runs, reference point 1.1 on each axis.\n\n");
        r.Append(c, $"Target: HASCO's median final hypervolume, **{result.Target.ToString("F4", c)}**.\n\n");
        r.Append("| algorithm | median final HV | median evaluations to HASCO's final HV | median seconds to it | speed-up vs HASCO (evaluations) | speed-up vs HASCO (seconds) | median seconds per run | proposing share |\n");
        r.Append("|---|---|---|---|---|---|---|---|\n");
        string X(double? v) => v is { } x ? x.ToString("F2", c) + "x" : "-";
        foreach (var s in result.Summaries)
        {
            r.Append(c, $"| {s.Name} | {s.FinalHypervolumeMedian.ToString("F4", c)} | {F(s.EvaluationsToHascoFinalMedian, "N0")} | {F(s.SecondsToHascoFinalMedian, "F2")} | {X(s.SpeedupVsHasco)} | {X(s.SecondsSpeedupVsHasco)} | {s.SecondsMedian.ToString("F1", c)} | {s.ProposingShareMedian.ToString("P0", c)} |\n");
        }
        if (result.Summaries.Any(s => s.HeldOutHypervolumeMedian is not null))
        {
            r.Append("\n## Generalization to held-out networks\n\n");
            r.Append("Each run's final front is mapped onto the held-out networks with a full mapping search. ");
            r.Append("Degradation = how much further from the best design a design falls (in log EDP) on held-out networks than on the training ones. ");
            r.Append("A negative rank correlation means robust designs degrade less.\n\n");
            r.Append("| algorithm | median Spearman(R, degradation) | median held-out HV of the front | median held-out HV of the robust front |\n|---|---|---|---|\n");
            foreach (var s in result.Summaries)
                r.Append(c, $"| {s.Name} | {F(s.RankCorrelationMedian, "F3")} | {F(s.HeldOutHypervolumeMedian)} | {F(s.HeldOutHypervolumeRobustMedian)} |\n");
        }
        r.Append("\n## Per seed\n\n| algorithm | seed | final HV | evaluations to target | seconds to target | evaluations spent | seconds | of which proposing |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var run in result.Runs)
            r.Append(c, $"| {run.Entry} | {run.Seed} | {run.FinalHypervolume.ToString("F4", c)} | {F(run.EvaluationsToTarget, "N0")} | {F(run.SecondsToTarget, "F2")} | {run.MappingEvaluations.ToString("N0", c)} | {run.Seconds.ToString("F1", c)} | {run.ProposingSeconds.ToString("F1", c)} |\n");
        r.Append("\n## Hypervolume against mapping evaluations and seconds\n\n![median hypervolume against mapping evaluations](hypervolume.svg)\n\n![median hypervolume against seconds](hypervolume-seconds.svg)\n");
        return r.ToString();
    }

    /// <summary>An SVG plot of each contestant's median hypervolume against mapping evaluations or seconds.</summary>
    public static string Plot(ComparisonResult result, CurveAxis axis = CurveAxis.MappingEvaluations)
    {
        ArgumentNullException.ThrowIfNull(result);
        var series = result.Summaries.Select(s => PlotSeries.Of(s.Name, result.Runs.Where(r => r.Entry == s.Name).Select(r => r.Curve), axis)).ToList();
        return HypervolumePlot.Svg(series, axis, result.Target);
    }
}
