using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Unico.Engine.CoSearch;

/// <summary>
/// Writes a co-search result where other tools can take it: <c>result.json</c> (everything: config,
/// points with their best mapping per layer, fronts, hypervolume history, held-out results),
/// <c>points.csv</c> and <c>front.csv</c> (one row per hardware point, parameters as columns).
/// </summary>
public static class CoSearchResultFiles
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>Writes the three files into <paramref name="directory"/> (created if needed).</summary>
    public static void Write(CoSearchResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        WriteAtomically(Path.Combine(directory, "result.json"), ToJson(result));
        WriteAtomically(Path.Combine(directory, "points.csv"), PointsCsv(result, result.Points));
        var front = result.Front.ToHashSet();
        WriteAtomically(Path.Combine(directory, "front.csv"), PointsCsv(result, result.Points.Where(p => front.Contains(p.Id))));
    }

    /// <summary>The result as JSON.</summary>
    public static string ToJson(CoSearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var node = JsonSerializer.SerializeToNode(result with { Config = result.Config }, Json)!.AsObject();
        node["config"] = JsonNode.Parse(CoSearchConfigJson.Write(result.Config));
        node["final_hypervolume"] = result.FinalHypervolume;
        return node.ToJsonString(Json);
    }

    /// <summary>Points as CSV: id, batch, parameters, objectives, fidelity, robustness, front membership.</summary>
    public static string PointsCsv(CoSearchResult result, IEnumerable<PointOutcome> points)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(points);
        var list = points.ToList();
        var parameters = result.Points.SelectMany(p => p.Parameters.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var front = result.Front.ToHashSet();
        var robust = result.RobustFront.ToHashSet();
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendJoin(',', ["id", "batch", .. parameters, "latency_cycles", "energy_pj", "area_mm2", "edp_j_cycles", "high_fidelity",
            "per_layer_budget", "feasible", "robustness", "sensitivity", "mapping_evaluations", "on_front", "on_robust_front", "infeasible_reason"]);
        text.Append('\n');
        foreach (var p in list)
        {
            var cells = new List<string> { p.Id.ToString(c), p.Batch.ToString(c) };
            cells.AddRange(parameters.Select(name => Csv(p.Parameters.GetValueOrDefault(name) ?? "")));
            cells.Add(p.LatencyCycles.ToString("R", c));
            cells.Add(p.EnergyPj.ToString("R", c));
            cells.Add(p.AreaMm2.ToString("R", c));
            cells.Add((p.EnergyPj * 1e-12 * p.LatencyCycles).ToString("R", c));
            cells.Add(p.HighFidelity ? "true" : "false");
            cells.Add(p.PerLayerBudget.ToString(c));
            cells.Add(p.Feasible ? "true" : "false");
            cells.Add(p.Robustness?.ToString("R", c) ?? "");
            cells.Add(p.Sensitivity?.ToString("R", c) ?? "");
            cells.Add(p.Evaluations.ToString(c));
            cells.Add(front.Contains(p.Id) ? "true" : "false");
            cells.Add(robust.Contains(p.Id) ? "true" : "false");
            cells.Add(Csv(p.InfeasibleReason ?? ""));
            text.AppendJoin(',', cells);
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void WriteAtomically(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
