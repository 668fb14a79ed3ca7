using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Unico.Engine.CoSearch;

/// <summary>A statistic with its 95% percentile bootstrap interval.</summary>
/// <param name="Value">The statistic on the data.</param>
/// <param name="Lower">2.5% bootstrap quantile.</param>
/// <param name="Upper">97.5% bootstrap quantile.</param>
public sealed record Estimate(double Value, double Lower, double Upper)
{
    /// <summary>"v [lo, hi]" with the given format.</summary>
    public string Format(string format, string suffix = "")
    {
        var c = CultureInfo.InvariantCulture;
        return $"{Value.ToString(format, c)}{suffix} [{Lower.ToString(format, c)}, {Upper.ToString(format, c)}]";
    }
}

/// <summary>A contestant over the whole matrix.</summary>
/// <param name="Name">Contestant.</param>
/// <param name="Cells">Cells it ran in.</param>
/// <param name="CellsAtLeastHascoFinal">Cells where its median final hypervolume is at least HASCO's.</param>
/// <param name="CellsReachingHascoFinal">Cells where its median run reaches HASCO's median final hypervolume.</param>
/// <param name="EvaluationSpeedup">Geometric mean over cells of HASCO's median mapping evaluations to its final hypervolume over the contestant's (0 when a cell is never reached), with an interval from resampling seeds within cells.</param>
/// <param name="SecondsSpeedup">The same in wall-clock seconds.</param>
/// <param name="FinalHypervolumeRatio">Geometric mean over cells of its median final hypervolume over HASCO's.</param>
/// <param name="HeldOutHypervolumeRatio">Geometric mean over cells of its median held-out hypervolume over HASCO's, when tested.</param>
/// <param name="ProposingShareMedian">Median over all its runs of the share of search time spent proposing points.</param>
public sealed record MatrixContestantSummary(string Name, int Cells, int CellsAtLeastHascoFinal, int CellsReachingHascoFinal,
    Estimate EvaluationSpeedup, Estimate SecondsSpeedup, double FinalHypervolumeRatio, double? HeldOutHypervolumeRatio, double ProposingShareMedian);

/// <summary>How well one robustness measure predicts held-out degradation.</summary>
/// <param name="Measure">The measure.</param>
/// <param name="Spearman">Pooled within-run Spearman(score, degradation) with an interval from resampling runs; null when too few designs.</param>
/// <param name="Designs">Designs with a score.</param>
/// <param name="Runs">Runs contributing at least 3 designs.</param>
public sealed record MeasureCorrelation(RobustnessMeasure Measure, Estimate? Spearman, int Designs, int Runs);

/// <summary>The robustness measures' correlations in one cell.</summary>
/// <param name="Cell">Cell name.</param>
/// <param name="Measures">One per measure.</param>
public sealed record CellRobustness(string Cell, IReadOnlyList<MeasureCorrelation> Measures);

/// <summary>
/// A scored benchmark matrix: every cell's comparison, each contestant pooled over cells against
/// HASCO, and the robustness measures' correlations with held-out degradation (docs/benchmarks.md).
/// </summary>
/// <param name="Config">The matrix.</param>
/// <param name="Cells">Every cell's comparison.</param>
/// <param name="Pooled">Per contestant, over all cells.</param>
/// <param name="RobustnessContestant">Whose final designs the robustness correlations are computed on.</param>
/// <param name="PooledRobustness">Per measure, over all cells.</param>
/// <param name="CellRobustness">Per cell and measure.</param>
public sealed record MatrixResult(MatrixConfig Config, IReadOnlyList<MatrixCellResult> Cells, IReadOnlyList<MatrixContestantSummary> Pooled,
    string RobustnessContestant, IReadOnlyList<MeasureCorrelation> PooledRobustness, IReadOnlyList<CellRobustness> CellRobustness)
{
    private const int Resamples = 2000;
    private const ulong BootstrapSeed = 0xB007;

    /// <summary>Scores finished cells.</summary>
    public static MatrixResult Score(MatrixConfig config, IReadOnlyList<MatrixCellResult> cells)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count == 0) throw new ArgumentException("no cells", nameof(cells));
        var entries = cells[0].Cell.Comparison.Entries;
        var hasco = HascoName(entries);
        var pooled = entries.Select((e, i) => Summarize(e.Name, hasco, cells, Prng.Derive(BootstrapSeed, (ulong)i))).ToList();
        var primary = entries.FirstOrDefault(e => e.Algorithm == CoSearchAlgorithm.Unico)?.Name ?? entries[0].Name;
        var measures = Enum.GetValues<RobustnessMeasure>();
        var pooledRobustness = measures.Select(m => Correlation(m, cells.SelectMany(c => c.Result.Runs).Where(r => r.Entry == primary).ToList())).ToList();
        var cellRobustness = cells.Select(c => new CellRobustness(c.Cell.Name,
            [.. measures.Select(m => Correlation(m, [.. c.Result.Runs.Where(r => r.Entry == primary)]))])).ToList();
        return new MatrixResult(config, cells, pooled, primary, pooledRobustness, cellRobustness);
    }

    private static string HascoName(IReadOnlyList<ComparisonEntry> entries) =>
        entries.FirstOrDefault(e => e.Algorithm == CoSearchAlgorithm.Hasco)?.Name ?? entries[0].Name;

    private static MatrixContestantSummary Summarize(string name, string hasco, IReadOnlyList<MatrixCellResult> cells, ulong seed)
    {
        var perCell = cells.Select(c => (Hasco: c.Result.Runs.Where(r => r.Entry == hasco).ToList(), Mine: c.Result.Runs.Where(r => r.Entry == name).ToList())).ToList();
        var summaries = cells.Select(c => c.Result.Summaries.Single(s => s.Name == name)).ToList();
        var hascoSummaries = cells.Select(c => c.Result.Summaries.Single(s => s.Name == hasco)).ToList();
        var atLeast = summaries.Zip(hascoSummaries).Count(p => p.First.FinalHypervolumeMedian >= p.Second.FinalHypervolumeMedian * (1 - 1e-12));
        var reaching = summaries.Count(s => s.EvaluationsToHascoFinalMedian is not null);
        var heldOut = summaries.Zip(hascoSummaries).Where(p => p.First.HeldOutHypervolumeMedian is > 0 && p.Second.HeldOutHypervolumeMedian is > 0)
            .Select(p => p.First.HeldOutHypervolumeMedian!.Value / p.Second.HeldOutHypervolumeMedian!.Value).ToList();
        var proposing = perCell.SelectMany(p => p.Mine).Select(r => ProposingShare(r)).ToList();
        return new MatrixContestantSummary(name, cells.Count, atLeast, reaching,
            PooledSpeedup(perCell, CurveAxis.MappingEvaluations, seed), PooledSpeedup(perCell, CurveAxis.Seconds, Prng.Derive(seed, 1)),
            Statistics.GeometricMean(summaries.Zip(hascoSummaries).Select(p => p.First.FinalHypervolumeMedian / p.Second.FinalHypervolumeMedian)),
            heldOut.Count == cells.Count ? Statistics.GeometricMean(heldOut) : null,
            Statistics.Median(proposing));
    }

    /// <summary>The share of a run's search time (until its last evaluated point) spent proposing points.</summary>
    public static double ProposingShare(ComparisonRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var search = run.Curve.Count == 0 ? run.Seconds : run.Curve[^1].Seconds;
        return search > 0 ? Math.Min(1, run.ProposingSeconds / search) : 0;
    }

    // Geometric mean over cells of the per-cell speed-up; the interval resamples the seeds of
    // both contestants within every cell (the target moves with HASCO's resampled seeds).
    private static Estimate PooledSpeedup(List<(List<ComparisonRun> Hasco, List<ComparisonRun> Mine)> cells, CurveAxis axis, ulong seed)
    {
        static double Cell(IReadOnlyList<ComparisonRun> hasco, IReadOnlyList<ComparisonRun> mine, CurveAxis axis)
        {
            var target = Statistics.Median(hasco.Select(r => r.FinalHypervolume));
            double Cost(ComparisonRun r) => ComparisonScoring.FirstReaching(r.Curve, target) is { } p
                ? (axis == CurveAxis.Seconds ? p.Seconds : p.MappingEvaluations)
                : double.PositiveInfinity;
            var h = Statistics.Median(hasco.Select(Cost));
            var m = Statistics.Median(mine.Select(Cost));
            if (double.IsPositiveInfinity(m)) return 0;
            return m > 0 ? h / m : double.NaN;
        }
        static double Pool(IEnumerable<double> speedups)
        {
            var list = speedups.ToList();
            return list.Any(v => v == 0) ? 0 : Statistics.GeometricMean(list);
        }
        var value = Pool(cells.Select(c => Cell(c.Hasco, c.Mine, axis)));
        var rng = new Prng(seed);
        var samples = new List<double>(Resamples);
        for (var b = 0; b < Resamples; b++)
        {
            var v = Pool(cells.Select(c => Cell(Resample(c.Hasco, rng), Resample(c.Mine, rng), axis)));
            if (!double.IsNaN(v)) samples.Add(v);
        }
        samples.Sort();
        return samples.Count == 0 ? new Estimate(value, double.NaN, double.NaN)
            : new Estimate(value, Statistics.Quantile(samples, 0.025), Statistics.Quantile(samples, 0.975));
    }

    private static List<ComparisonRun> Resample(List<ComparisonRun> runs, Prng rng) => [.. Enumerable.Range(0, runs.Count).Select(_ => runs[rng.NextInt(runs.Count)])];

    private static MeasureCorrelation Correlation(RobustnessMeasure measure, IReadOnlyList<ComparisonRun> runs)
    {
        var groups = runs.Select(r => (r.Designs ?? []).Where(d => d.Scores?.ContainsKey(measure) == true).ToList())
            .Where(g => g.Count >= 3)
            .Select(g => ((IReadOnlyList<double>)[.. g.Select(d => d.Scores![measure])], (IReadOnlyList<double>)[.. g.Select(d => d.Degradation)]))
            .ToList();
        var designs = groups.Sum(g => g.Item1.Count);
        var value = Statistics.PooledSpearman(groups);
        if (!double.IsFinite(value)) return new MeasureCorrelation(measure, null, designs, groups.Count);
        var (lower, upper) = Statistics.BootstrapInterval(groups, Statistics.PooledSpearman, Prng.Derive(BootstrapSeed, 0x5EA + (ulong)measure), Resamples);
        return new MeasureCorrelation(measure, new Estimate(value, lower, upper), designs, groups.Count);
    }

    // ---- Output --------------------------------------------------------------------------------

    /// <summary>matrix.json: the pooled figures, every cell's summaries and the robustness correlations (curves are in each cell's comparison.json).</summary>
    public string ToJson()
    {
        static JsonNode? E(Estimate? e) => e is null ? null : new JsonObject { ["value"] = Finite(e.Value), ["lower"] = Finite(e.Lower), ["upper"] = Finite(e.Upper) };
        static JsonNode? Finite(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
        JsonArray Correlations(IEnumerable<MeasureCorrelation> list) => [.. list.Select(m => (JsonNode)new JsonObject
        {
            ["measure"] = EnumNames.Of(m.Measure), ["spearman"] = E(m.Spearman), ["designs"] = m.Designs, ["runs"] = m.Runs,
        })];
        return new JsonObject
        {
            ["name"] = Config.Name,
            ["pooled"] = new JsonArray([.. Pooled.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name,
                ["cells"] = p.Cells,
                ["cells_final_hv_at_least_hasco"] = p.CellsAtLeastHascoFinal,
                ["cells_reaching_hasco_final"] = p.CellsReachingHascoFinal,
                ["evaluation_speedup_vs_hasco"] = E(p.EvaluationSpeedup),
                ["seconds_speedup_vs_hasco"] = E(p.SecondsSpeedup),
                ["final_hv_ratio_vs_hasco"] = Finite(p.FinalHypervolumeRatio),
                ["held_out_hv_ratio_vs_hasco"] = p.HeldOutHypervolumeRatio is { } h ? Finite(h) : null,
                ["proposing_share_median"] = p.ProposingShareMedian,
            })]),
            ["robustness"] = new JsonObject
            {
                ["contestant"] = RobustnessContestant,
                ["pooled"] = Correlations(PooledRobustness),
                ["cells"] = new JsonArray([.. CellRobustness.Select(c => (JsonNode)new JsonObject { ["cell"] = c.Cell, ["measures"] = Correlations(c.Measures) })]),
            },
            ["cells"] = new JsonArray([.. Cells.Select(c => (JsonNode)new JsonObject
            {
                ["cell"] = c.Cell.Name,
                ["space"] = c.Cell.Space,
                ["split"] = c.Cell.Split.Name,
                ["training"] = new JsonArray([.. c.Cell.Split.Training.Select(w => JsonValue.Create(w))]),
                ["held_out"] = new JsonArray([.. c.Cell.Split.HeldOut.Select(w => JsonValue.Create(w))]),
                ["hasco_final_hv_median"] = c.Result.Target,
                ["budget"] = c.Cell.Comparison.Base.Budget.MappingEvaluations,
                ["summaries"] = new JsonArray([.. c.Result.Summaries.Select(s => (JsonNode)new JsonObject
                {
                    ["name"] = s.Name,
                    ["final_hv_median"] = s.FinalHypervolumeMedian,
                    ["evals_to_hasco_final_median"] = s.EvaluationsToHascoFinalMedian,
                    ["seconds_to_hasco_final_median"] = s.SecondsToHascoFinalMedian,
                    ["speedup_vs_hasco"] = s.SpeedupVsHasco,
                    ["seconds_speedup_vs_hasco"] = s.SecondsSpeedupVsHasco,
                    ["held_out_hv_median"] = s.HeldOutHypervolumeMedian,
                    ["held_out_hv_robust_median"] = s.HeldOutHypervolumeRobustMedian,
                    ["search_seconds_median"] = s.SecondsMedian,
                    ["proposing_share_median"] = s.ProposingShareMedian,
                })]),
            })]),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>report.md of the matrix.</summary>
    /// <param name="command">The command that made it.</param>
    /// <param name="wallClockSeconds">How long the whole matrix took.</param>
    public string Report(string command, double wallClockSeconds)
    {
        var c = CultureInfo.InvariantCulture;
        string X(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("F2", c) + "x" : "-";
        string F(double? v, string format) => v is { } x && double.IsFinite(x) ? x.ToString(format, c) : "not reached";
        var first = Cells[0].Cell.Comparison;
        var r = new StringBuilder();
        r.Append(c, $"# Benchmark matrix: {Config.Name}\n\n");
        r.Append(c, $"Made by `{command}` in {wallClockSeconds / 60:F1} minutes ({Environment.ProcessorCount} cores).\n\n");
        r.Append(c, $"{Cells.Select(x => x.Cell.Space).Distinct().Count()} design spaces x {Cells.Select(x => x.Cell.Split.Name).Distinct().Count()} network splits; ");
        r.Append(c, $"seeds {string.Join(", ", first.Seeds)}; contestants {string.Join(", ", first.Entries.Select(e => e.Name))}; ");
        r.Append(c, $"full mapping budget B = {first.Base.Settings.FullBudget:N0} per distinct layer for every contestant; mapper {EnumNames.Of(first.Base.Mapper.Strategy)} ({EnumNames.Of(first.Base.Mapper.Objective)}). ");
        r.Append("Hypervolume: each cell in its own normalization (bounds spanning every feasible point of every run of the cell), reference 1.1. ");
        r.Append("Target: HASCO's median final hypervolume in the cell. Speed-up: HASCO's median cost to that target over the contestant's; pooled, the geometric mean over cells ");
        r.Append("(0 when a contestant's median run never reaches the target in some cell), with a 95% interval from 2,000 resamples of the seeds within every cell. ");
        r.Append("Seconds are the search's wall clock (held-out testing excluded); proposing share = the optimizer's share of it.\n\n");

        r.Append("## Pooled over cells\n\n| contestant | cells with final HV >= HASCO's | cells reaching HASCO's final HV | evaluation speed-up vs HASCO | wall-clock speed-up vs HASCO | final HV / HASCO's | held-out HV / HASCO's | proposing share |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var p in Pooled)
            r.Append(c, $"| {p.Name} | {p.CellsAtLeastHascoFinal}/{p.Cells} | {p.CellsReachingHascoFinal}/{p.Cells} | {p.EvaluationSpeedup.Format("F2", "x")} | {p.SecondsSpeedup.Format("F2", "x")} | {p.FinalHypervolumeRatio.ToString("F3", c)} | {(p.HeldOutHypervolumeRatio is { } h ? h.ToString("F3", c) : "-")} | {p.ProposingShareMedian.ToString("P0", c)} |\n");
        r.Append("\n![pooled hypervolume against evaluations](hypervolume.svg)\n\n![pooled hypervolume against seconds](hypervolume-seconds.svg)\n");

        r.Append("\n## Per cell (medians over seeds)\n\n");
        foreach (var cell in Cells)
        {
            var cfg = cell.Cell.Comparison.Base;
            r.Append(c, $"### {cell.Cell.Name}\n\nTraining {string.Join(" + ", cell.Cell.Split.Training)}; held out {string.Join(" + ", cell.Cell.Split.HeldOut)}; ");
            r.Append(c, $"budget {(cfg.Budget.MappingEvaluations is { } b ? b.ToString("N0", c) : "-")} mapping evaluations; HASCO's final HV {cell.Result.Target.ToString("F4", c)}. ");
            r.Append(c, $"[report]({cell.Cell.RelativeDirectory.Replace('\\', '/')}/report.md)\n\n");
            r.Append("| contestant | final HV | evaluations to HASCO's final HV | seconds to it | speed-up (evaluations) | speed-up (seconds) | held-out HV | search seconds | proposing share |\n|---|---|---|---|---|---|---|---|---|\n");
            foreach (var s in cell.Result.Summaries)
                r.Append(c, $"| {s.Name} | {s.FinalHypervolumeMedian.ToString("F4", c)} | {F(s.EvaluationsToHascoFinalMedian, "N0")} | {F(s.SecondsToHascoFinalMedian, "F2")} | {X(s.SpeedupVsHasco)} | {X(s.SecondsSpeedupVsHasco)} | {F(s.HeldOutHypervolumeMedian, "F4")} | {s.SecondsMedian.ToString("F1", c)} | {s.ProposingShareMedian.ToString("P0", c)} |\n");
            r.Append(c, $"\n![hypervolume against evaluations]({cell.Cell.RelativeDirectory.Replace('\\', '/')}/hypervolume.svg) ![hypervolume against seconds]({cell.Cell.RelativeDirectory.Replace('\\', '/')}/hypervolume-seconds.svg)\n\n");
        }

        r.Append(c, $"## Robustness measures against held-out degradation ({RobustnessContestant}'s final designs)\n\n");
        r.Append("Spearman correlation between each measure's score (higher: more robust) and held-out degradation, ranked within each run and pooled; ");
        r.Append("negative means robust designs degrade less. Interval: 95%, from 2,000 resamples of the runs.\n\n");
        r.Append("| measure | pooled Spearman [95% interval] | designs | runs |" + string.Concat(CellRobustness.Select(x => $" {x.Cell} |")) + "\n");
        r.Append("|---|---|---|---|" + string.Concat(CellRobustness.Select(_ => "---|")) + "\n");
        foreach (var m in PooledRobustness)
        {
            r.Append(c, $"| {EnumNames.Of(m.Measure)} | {(m.Spearman is { } e ? e.Format("F3") : "-")} | {m.Designs} | {m.Runs} |");
            foreach (var cell in CellRobustness)
            {
                var x = cell.Measures.Single(v => v.Measure == m.Measure).Spearman;
                r.Append(c, $" {(x is null ? "-" : x.Format("F2"))} |");
            }
            r.Append('\n');
        }
        return r.ToString();
    }

    /// <summary>
    /// Pooled plot: every run's curve with x divided by HASCO's median search length in its cell
    /// (evaluations or seconds) and hypervolume divided by the cell's target, so that cells of
    /// different scales share one picture; the median over all runs of each contestant.
    /// </summary>
    public string Plot(CurveAxis axis)
    {
        var entries = Cells[0].Cell.Comparison.Entries;
        var hasco = HascoName(entries);
        var series = entries.Select(e => new PlotSeries(e.Name, [.. Cells.SelectMany(cell =>
        {
            var hascoRuns = cell.Result.Runs.Where(r => r.Entry == hasco).ToList();
            var length = Statistics.Median(hascoRuns.Select(r => r.Curve.Count == 0 ? 0 : axis == CurveAxis.Seconds ? r.Curve[^1].Seconds : r.Curve[^1].MappingEvaluations));
            var scale = length > 0 ? length : 1;
            var target = cell.Result.Target > 0 ? cell.Result.Target : 1;
            return PlotSeries.Of(e.Name, cell.Result.Runs.Where(r => r.Entry == e.Name).Select(r => r.Curve), axis, scale, target).Curves;
        })])).ToList();
        var what = axis == CurveAxis.Seconds ? "seconds" : "mapping evaluations";
        return HypervolumePlot.Svg(series, $"{what} / HASCO's median {what} per run (in its cell)", "hypervolume / HASCO's final (median over runs)",
            x => x.ToString("0.##", CultureInfo.InvariantCulture), 1.0, $"{Config.Name}: all cells");
    }
}
