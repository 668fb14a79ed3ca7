using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Unico.Engine.CostModel;
using YamlDotNet.RepresentationModel;

namespace Unico.Engine.Interop.Timeloop;

/// <summary>One component's entry in an Accelergy energy or area table.</summary>
/// <param name="Name">Component name (the last segment of Accelergy's hierarchical name).</param>
/// <param name="Instances">Instance count from the name's <c>[1..N]</c> suffix, or null.</param>
/// <param name="Actions">Energy per action in pJ (ERT), empty for ART.</param>
/// <param name="Area">Area per instance in um^2 (ART), or null.</param>
public sealed record AccelergyEntry(string Name, long? Instances, IReadOnlyDictionary<string, double> Actions, double? Area);

/// <summary>
/// Reads the energy (<c>*.ERT.yaml</c>) and area (<c>*.ART.yaml</c>) tables Accelergy writes,
/// keyed by component name.
/// </summary>
public sealed partial class AccelergyTables
{
    private readonly Dictionary<string, AccelergyEntry> _entries;

    private AccelergyTables(string file, Dictionary<string, AccelergyEntry> entries)
    {
        File = file;
        _entries = entries;
    }

    /// <summary>The file the table came from.</summary>
    public string File { get; }

    /// <summary>All entries by component name.</summary>
    public IReadOnlyDictionary<string, AccelergyEntry> Entries => _entries;

    /// <summary>The entry of a component, or null.</summary>
    public AccelergyEntry? Find(string component) => _entries.GetValueOrDefault(component);

    /// <summary>A table made in code (entries by component name); <paramref name="file"/> names it in errors.</summary>
    public static AccelergyTables Create(string file, IEnumerable<AccelergyEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new AccelergyTables(file, entries.ToDictionary(e => e.Name, StringComparer.Ordinal));
    }

    /// <summary>
    /// The energy table (ERT) of an architecture, in the format Accelergy writes and Timeloop
    /// reads: per storage level its read, write, update and leak energies (pJ per access of a
    /// block, pJ per cycle), per compute unit its energy per compute. Fan-out levels have none.
    /// </summary>
    public static string WriteEnergy(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var w = new StringBuilder("ERT:\n  version: '0.4'\n  tables:\n");
        foreach (var level in architecture.Levels.Where(l => !l.IsSpatialDummy))
        {
            var e = level.Energy;
            AppendName(w, level.Name, level.Instances);
            w.Append("    actions:\n");
            AppendAction(w, "read", e.Read);
            AppendAction(w, "write", e.Write);
            AppendAction(w, "update", e.Update);
            AppendAction(w, "leak", e.LeakPerCycle);
        }
        AppendName(w, architecture.Compute.Name, architecture.Compute.Instances);
        w.Append("    actions:\n");
        AppendAction(w, "compute", architecture.Compute.EnergyPerOp);
        AppendAction(w, "leak", 0);
        return w.ToString();
    }

    /// <summary>The area table (ART) of an architecture: um^2 per instance; fan-out levels 1, as Accelergy writes them.</summary>
    public static string WriteArea(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var w = new StringBuilder("ART:\n  version: '0.4'\n  tables:\n");
        foreach (var level in architecture.Levels)
        {
            AppendName(w, level.Name, level.Instances);
            w.Append(CultureInfo.InvariantCulture, $"    area: {Number(level.IsSpatialDummy ? 1 : level.AreaUm2)}\n");
        }
        AppendName(w, architecture.Compute.Name, architecture.Compute.Instances);
        w.Append(CultureInfo.InvariantCulture, $"    area: {Number(architecture.Compute.AreaUm2)}\n");
        return w.ToString();
    }

    private static void AppendName(StringBuilder w, string name, long instances) =>
        w.Append(CultureInfo.InvariantCulture, $"  - name: system_top_level.{name}[1..{instances}]\n");

    private static void AppendAction(StringBuilder w, string name, double energy) =>
        w.Append(CultureInfo.InvariantCulture, $"    - name: {name}\n      arguments: {{}}\n      energy: {Number(energy)}\n");

    // Round-trip precision, never exponent-free loss: the tables are the model's numbers.
    private static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Reads an ERT or ART file.</summary>
    public static AccelergyTables Read(string path) => Read(YamlDocument.Load(path));

    /// <summary>Reads an ERT or ART from YAML text.</summary>
    public static AccelergyTables Parse(string yaml, string name = "table") => Read(YamlDocument.Parse(new StringReader(yaml), name));

    internal static AccelergyTables Read(YamlDocument doc)
    {
        var root = doc.Mapping(doc.Root, "energy/area table");
        var body = YamlDocument.Find(root, "ERT") ?? YamlDocument.Find(root, "ART")
            ?? throw doc.Error(root, "expected a top-level 'ERT' or 'ART' key", "ERT");
        var tables = doc.Sequence(doc.Require(doc.Mapping(body, "table"), "tables"), "tables");
        var entries = new Dictionary<string, AccelergyEntry>(StringComparer.Ordinal);
        foreach (var item in tables.Children)
        {
            var table = doc.Mapping(item, "table entry");
            var fullName = doc.RequireString(table, "name", "table entry");
            var (name, instances) = SplitName(fullName);
            var actions = new Dictionary<string, double>(StringComparer.Ordinal);
            if (YamlDocument.Find(table, "actions") is { } actionList)
            {
                foreach (var actionNode in doc.Sequence(actionList, "actions").Children)
                {
                    var action = doc.Mapping(actionNode, "action");
                    var actionName = doc.RequireString(action, "name", "action");
                    actions[actionName] = ActionEnergy(doc, action, actionName);
                }
            }
            double? area = YamlDocument.Find(table, "area") is { } areaNode ? doc.Number(areaNode, "area") : null;
            entries[name] = new AccelergyEntry(name, instances, actions, area);
        }
        return new AccelergyTables(doc.File, entries);
    }

    // New tables give `energy` per action; older ones list energies per argument combination
    // (e.g. data_delta, address_delta): take the largest, the random-access cost.
    private static double ActionEnergy(YamlDocument doc, YamlMappingNode action, string actionName)
    {
        if (YamlDocument.Find(action, "energy") is { } energy) return doc.Number(energy, actionName);
        if (YamlDocument.Find(action, "arguments") is YamlSequenceNode variants)
        {
            var best = 0.0;
            foreach (var variant in variants.Children)
            {
                if (variant is YamlMappingNode v && YamlDocument.Find(v, "energy") is { } e) best = Math.Max(best, doc.Number(e, actionName));
            }
            return best;
        }
        throw doc.Error(action, $"action '{actionName}' has no energy", actionName);
    }

    /// <summary>Splits <c>system_top_level.GlobalBuffer[1..16]</c> into (GlobalBuffer, 16).</summary>
    public static (string Name, long? Instances) SplitName(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        var last = fullName;
        var bracket = fullName.LastIndexOf('[');
        var dot = fullName.LastIndexOf('.', bracket >= 0 ? bracket : fullName.Length - 1);
        if (dot >= 0) last = fullName[(dot + 1)..];
        var match = RangeSuffix().Match(last);
        if (!match.Success) return (last, null);
        var low = long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var high = long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        return (match.Groups[1].Value, high - low + 1);
    }

    [GeneratedRegex(@"^(.*)\[(\d+)\.\.(\d+)\]$")]
    private static partial Regex RangeSuffix();
}
