using System.Text.Json;
using System.Text.Json.Nodes;
using Unico.Engine.CostModel;

namespace Unico.Cli;

/// <summary>
/// The JSON contract of `unico model --json` (later commands reuse it per layer): cycles, energy_pj,
/// computes, utilization, area_um2, edp (J x cycles) and per level its energy and, per tensor,
/// tile, reads, fills, updates (per instance) and utilized_instances.
/// </summary>
internal static class EvaluationJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject ToJson(Evaluation result)
    {
        var obj = new JsonObject { ["valid"] = result.IsValid };
        if (!result.IsValid)
        {
            obj["reason"] = result.InvalidReason;
            return obj;
        }
        obj["cycles"] = result.Cycles;
        obj["energy_pj"] = result.EnergyPj;
        obj["computes"] = result.Computes;
        obj["utilization"] = result.Utilization;
        obj["area_um2"] = result.AreaUm2;
        obj["edp"] = result.Edp;
        var levels = new JsonArray();
        foreach (var level in result.Levels)
        {
            var tensors = new JsonObject();
            foreach (var t in level.Tensors)
            {
                tensors[t.DataSpace] = new JsonObject
                {
                    ["tile"] = t.Tile,
                    ["reads"] = t.Reads,
                    ["fills"] = t.Fills,
                    ["updates"] = t.Updates,
                    ["utilized_instances"] = t.UtilizedInstances,
                    ["partition_size"] = t.PartitionSize,
                    ["energy_pj"] = t.EnergyPj,
                };
            }
            levels.Add(new JsonObject
            {
                ["name"] = level.Name,
                ["energy_pj"] = level.EnergyPj,
                ["leakage_pj"] = level.LeakagePj,
                ["cycles"] = level.Cycles,
                ["tensors"] = tensors,
            });
        }
        obj["levels"] = levels;
        return obj;
    }

    public static string Serialize(Evaluation result, IEnumerable<string> warnings)
    {
        var obj = ToJson(result);
        var list = new JsonArray();
        foreach (var w in warnings) list.Add(w);
        obj["warnings"] = list;
        return obj.ToJsonString(Indented);
    }
}
