using System.Collections.Immutable;
using System.Globalization;
using Unico.Engine.CostModel;
using Unico.Engine.Interop.Timeloop;
using YamlDotNet.RepresentationModel;
using YamlDocument = Unico.Engine.Interop.Timeloop.YamlDocument;

namespace Unico.Engine.Hardware;

/// <summary>Where a component's energy and area come from in an architecture space.</summary>
public enum CostSource
{
    /// <summary>The user's ERT and ART entries, unchanged (a component no parameter changes).</summary>
    Table,

    /// <summary>
    /// The user's entries scaled by the 65 nm model's trend between the file's attributes and the
    /// point's: the user's technology, the model's growth with size, width, banks or DRAM type.
    /// </summary>
    ScaledTable,

    /// <summary>The 65 nm model alone (no table entry, or the parameter file asks for it).</summary>
    Model,
}

/// <summary>The one naming table of <see cref="CostSource"/>: parameter-file spelling and report wording.</summary>
public static class CostSourceNames
{
    /// <summary>The parameter file's spelling: <c>table</c>, <c>scaled</c>, <c>model</c>.</summary>
    public static string Name(this CostSource source) => source switch
    {
        CostSource.Table => "table",
        CostSource.ScaledTable => "scaled",
        _ => "model",
    };

    /// <summary>Reads the parameter file's spelling, or null.</summary>
    public static CostSource? Parse(string text) => text switch
    {
        "table" => CostSource.Table,
        "scaled" => CostSource.ScaledTable,
        "model" => CostSource.Model,
        _ => null,
    };

    /// <summary>Words for reports.</summary>
    public static string Describe(this CostSource source) => source switch
    {
        CostSource.Table => "your ERT and ART",
        CostSource.ScaledTable => "your ERT and ART scaled by the 65 nm model",
        _ => "the 65 nm model",
    };
}

/// <summary>Where a free parameter of an architecture space lands.</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="Node">Name of the architecture node (component or container) it changes, or null for a constraint set.</param>
/// <param name="Keys">Keys below the node, e.g. <c>attributes</c>, <c>depth</c>.</param>
/// <param name="ConstraintSets">For a constraint set: each choice's extra Timeloop constraints (null: none).</param>
public sealed record ArchitectureParameter(string Name, string? Node, ImmutableArray<string> Keys,
    ImmutableDictionary<string, ImmutableDictionary<string, LevelConstraints>?>? ConstraintSets = null)
{
    /// <summary>The path as the parameter file writes it (<c>NODE.KEY.KEY</c>), or <c>constraints</c>.</summary>
    public string Path => Node is null ? "constraints" : string.Join(".", Keys.Prepend(Node));
}

/// <summary>
/// A design space around a user's own Timeloop v0.4 architecture: each free parameter sets one
/// attribute of one node (a buffer's <c>attributes.depth</c>, a container's <c>spatial.meshX</c>,
/// the DRAM's <c>attributes.type</c>) or picks a set of extra constraints (a dataflow). Every point
/// is the user's file with those values, read as any Timeloop file is read.
/// <para>
/// Energy and area per component (<see cref="CostSource"/>): the user's tables (ERT/ART) for a
/// component no parameter changes; for one a parameter changes, the user's entry scaled by how
/// <see cref="Calibration.Eyeriss65nm"/> (the 65 nm model calibrated against Timeloop's
/// Eyeriss-like tables, docs/hardware.md) changes between the file's attributes and the point's,
/// so the file's own point costs exactly what the user's tables say; the model alone where the
/// tables have no entry. The model goes by class: DRAM by type and width, SRAM by depth, width and
/// banks, register files by depth and width, MACs by multiplier and adder width. The parameter
/// file's <c>costs</c> can force a source per component; <see cref="BuiltHardware.CostSources"/>
/// says which each got.
/// </para>
/// </summary>
public sealed class ArchitectureSpace
{
    // Attribute keys a parameter may set even where the file does not give them.
    private static readonly string[] SettableKeys =
        ["depth", "width", "datawidth", "n_banks", "read_bandwidth", "write_bandwidth", "shared_bandwidth", "multiple_buffering", "type", "meshX", "meshY", "block_size"];

    internal ArchitectureSpace(string architectureYaml, string? ertYaml, string? artYaml, ImmutableArray<ArchitectureParameter> parameters, string? source,
        ImmutableDictionary<string, CostSource>? costs = null, string? architectureFile = null)
    {
        ArchitectureYaml = architectureYaml;
        EnergyTableYaml = ertYaml;
        AreaTableYaml = artYaml;
        Parameters = parameters;
        Source = source;
        ArchitectureFile = architectureFile ?? "architecture";
        Costs = costs ?? ImmutableDictionary<string, CostSource>.Empty;
        _ert = ertYaml is null ? null : AccelergyTables.Parse(ertYaml, "ERT");
        _art = artYaml is null ? null : AccelergyTables.Parse(artYaml, "ART");
        var touched = parameters.Where(p => p.Node is not null).Select(p => p.Node!).ToHashSet(StringComparer.Ordinal);
        // A container's attributes are inherited by what follows it: then every component is estimated.
        var doc = Parse();
        var components = TimeloopArchitectureReader.Components(doc);
        _fileComponents = components.ToDictionary(c => c.Name, StringComparer.Ordinal);
        _touchesAll = touched.Any(n => !components.Any(c => c.Name == n) && parameters.Any(p => p.Node == n && p.Keys[0] == "attributes"));
        _touched = [.. touched];
    }

    private readonly AccelergyTables? _ert;
    private readonly AccelergyTables? _art;
    private readonly bool _touchesAll;
    private readonly ImmutableHashSet<string> _touched;
    private readonly Dictionary<string, TimeloopArchitectureReader.Component> _fileComponents;

    /// <summary>Sources the parameter file forces per component (<c>costs</c>); the others follow the rule above.</summary>
    public ImmutableDictionary<string, CostSource> Costs { get; }

    /// <summary>The user's architecture file, as text.</summary>
    public string ArchitectureYaml { get; }

    /// <summary>The user's energy table, or null (every component from the model).</summary>
    public string? EnergyTableYaml { get; }

    /// <summary>The user's area table, or null.</summary>
    public string? AreaTableYaml { get; }

    /// <summary>Where each parameter lands, in file order.</summary>
    public ImmutableArray<ArchitectureParameter> Parameters { get; }

    /// <summary>The parameter file, or null.</summary>
    public string? Source { get; }

    /// <summary>The architecture file's path (or <c>architecture</c> when given inline): what errors inside the architecture name.</summary>
    public string ArchitectureFile { get; }

    /// <summary>The parameter named <paramref name="name"/>.</summary>
    public ArchitectureParameter Parameter(string name) => Parameters.First(p => p.Name == name);

    /// <summary>The value the user's file gives a parameter's attribute, or null (absent, or a constraint set).</summary>
    public ParameterValue? FileValue(ArchitectureParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (parameter.Node is null) return null;
        var doc = Parse();
        if (Locate(doc, parameter, create: false) is not YamlScalarNode scalar || scalar.Value is null) return null;
        return long.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? ParameterValue.Of(n) : ParameterValue.Of(scalar.Value);
    }

    /// <summary>
    /// The hardware of a complete point (every parameter given): the user's file with the values
    /// set, read with energies and areas per component as the class says.
    /// </summary>
    internal BuiltHardware Build(DesignPoint point, string spaceName)
    {
        var doc = Parse();
        var constraintsExtra = ImmutableDictionary<string, LevelConstraints>.Empty;
        foreach (var p in Parameters)
        {
            var value = point[p.Name];
            if (p.Node is null)
            {
                if (p.ConstraintSets!.TryGetValue(value.ToString(), out var set) && set is not null) constraintsExtra = set;
                continue;
            }
            if (Locate(doc, p, create: true) is not YamlScalarNode scalar)
                throw new UnicoInputException($"'{p.Path}' is not a single value in the architecture", Source, field: p.Name);
            scalar.Value = value.ToString();
            scalar.Style = value.IsText ? YamlDotNet.Core.ScalarStyle.DoubleQuoted : YamlDotNet.Core.ScalarStyle.Plain;
        }
        var components = TimeloopArchitectureReader.Components(doc);
        var (ert, art, sources) = Tables(components);
        var tl = TimeloopArchitectureReader.Read(doc, ert, art);
        var constraints = constraintsExtra.IsEmpty ? tl.Constraints : TimeloopConstraintsReader.Combine(tl.Constraints, constraintsExtra);
        var architecture = tl.Architecture with { Name = spaceName };
        return new BuiltHardware(architecture, constraints, tl.ContainerLevels, null)
        {
            ParallelGroups = tl.ParallelGroups.IsDefault ? [] : tl.ParallelGroups,
            SourceYaml = Serialize(doc),
            CostSources = sources,
        };
    }

    private YamlDocument Parse() => YamlDocument.Parse(new StringReader(ArchitectureYaml), ArchitectureFile);

    // The node a parameter's path names, or null; with `create`, a missing settable key is added.
    private static YamlNode? Locate(YamlDocument doc, ArchitectureParameter p, bool create)
    {
        var node = FindNode(doc.Root, p.Node!);
        if (node is null) return null;
        YamlNode current = node;
        for (var i = 0; i < p.Keys.Length; i++)
        {
            if (current is not YamlMappingNode map) return null;
            var key = p.Keys[i];
            var child = YamlDocument.Find(map, key);
            if (child is null)
            {
                if (!create) return null;
                var last = i == p.Keys.Length - 1;
                child = last ? new YamlScalarNode("") : new YamlMappingNode();
                map.Children.Add(new YamlScalarNode(key), child);
            }
            current = child;
        }
        return current;
    }

    /// <summary>The node named <paramref name="name"/> (a component or container, at any depth), or null.</summary>
    internal static YamlMappingNode? FindNode(YamlNode node, string name)
    {
        switch (node)
        {
            case YamlMappingNode map:
                if (YamlDocument.Find(map, "name") is YamlScalarNode n && n.Value == name && (map.Tag.Value is "!Component" or "!Container" || YamlDocument.Find(map, "class") is not null))
                    return map;
                foreach (var child in map.Children.Values)
                {
                    if (FindNode(child, name) is { } found) return found;
                }
                return null;
            case YamlSequenceNode seq:
                foreach (var child in seq.Children)
                {
                    if (FindNode(child, name) is { } found) return found;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>True when a parameter may add this attribute key where the file does not give it.</summary>
    internal static bool Settable(string key) => SettableKeys.Contains(key, StringComparer.Ordinal);

    private (AccelergyTables Ert, AccelergyTables Art, ImmutableDictionary<string, CostSource> Sources) Tables(IReadOnlyList<TimeloopArchitectureReader.Component> components)
    {
        var tech = Calibration.Eyeriss65nm;
        var energy = new List<AccelergyEntry>();
        var area = new List<AccelergyEntry>();
        var sources = ImmutableDictionary.CreateBuilder<string, CostSource>(StringComparer.Ordinal);
        foreach (var c in components)
        {
            var table = _ert?.Find(c.Name);
            var changed = _touchesAll || _touched.Contains(c.Name);
            var source = Costs.TryGetValue(c.Name, out var forced) ? forced
                : table is null ? CostSource.Model
                : changed ? CostSource.ScaledTable : CostSource.Table;
            if (source != CostSource.Model && table is null) source = CostSource.Model;
            var tableArea = _art?.Find(c.Name);
            switch (source)
            {
                case CostSource.Table:
                    energy.Add(table!);
                    area.Add(tableArea ?? Estimate(c, tech).Area);
                    break;
                case CostSource.ScaledTable:
                {
                    var (e, a) = Estimate(c, tech);
                    var (e0, a0) = Estimate(_fileComponents.GetValueOrDefault(c.Name) ?? c, tech);
                    var actions = table!.Actions.ToDictionary(kv => kv.Key, kv => Scale(kv.Value, ModelAction(e, kv.Key), ModelAction(e0, kv.Key)), StringComparer.Ordinal);
                    energy.Add(new AccelergyEntry(c.Name, null, actions, null));
                    area.Add(tableArea?.Area is { } ua ? new AccelergyEntry(c.Name, null, new Dictionary<string, double>(), Scale(ua, a.Area, a0.Area)) : a);
                    break;
                }
                default:
                {
                    var (e, a) = Estimate(c, tech);
                    energy.Add(e);
                    area.Add(a);
                    break;
                }
            }
            sources[c.Name] = source;
        }
        return (AccelergyTables.Create("energy (estimated)", energy), AccelergyTables.Create("area (estimated)", area), sources.ToImmutable());
    }

    // The model's energy for a table action; Accelergy names of the same action map to ours.
    private static double? ModelAction(AccelergyEntry model, string action)
    {
        var key = action switch
        {
            "read" or "random_read" or "repeated_read" => "read",
            "write" or "random_write" or "repeated_write" or "fill" => "write",
            "update" or "random_update" or "repeated_update" => "update",
            "leak" => "leak",
            "compute" or "mac_random" or "mac_reused" or "mac_gated" => "compute",
            _ => null,
        };
        return key is not null && model.Actions.TryGetValue(key, out var v) ? v : null;
    }

    // value x model(point) / model(file), or value where the model has nothing to say (no such action, or zero at the file).
    private static double Scale(double value, double? atPoint, double? atFile) =>
        atPoint is { } p && atFile is { } f && f > 0 ? value * (p / f) : value;

    private (AccelergyEntry Energy, AccelergyEntry Area) Estimate(TimeloopArchitectureReader.Component c, TechnologyModel tech)
    {
        long Int(string key, long? fallback = null)
        {
            if (c.Attributes.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
            return fallback ?? throw new UnicoInputException($"component {c.Name}: attribute '{key}' must be an integer to estimate its energy and area", ArchitectureFile, c.Line, c.Name);
        }
        var cls = $"{c.Class} {c.Subclass}".ToLowerInvariant();
        if (c.IsCompute)
        {
            var mul = (int)Int("multiplier_width", Int("datawidth", 8));
            var add = (int)Int("adder_width", 2 * mul);
            var (op, macArea) = tech.Mac(mul, add);
            return (new AccelergyEntry(c.Name, null, new Dictionary<string, double> { ["compute"] = op, ["leak"] = 0 }, null),
                new AccelergyEntry(c.Name, null, new Dictionary<string, double>(), macArea));
        }
        var datawidth = (int)Int("datawidth", 8);
        var width = (int)Int("width", Int("block_size", 1) * datawidth);
        ComponentCost cost;
        if (cls.Contains("dram", StringComparison.Ordinal))
        {
            var type = c.Attributes.TryGetValue("type", out var t) ? t : "LPDDR4";
            DramType dram;
            try
            {
                dram = HardwareParameters.ParseDramType(type);
            }
            catch (UnicoInputException e)
            {
                throw new UnicoInputException($"component {c.Name}: {e.Detail}", ArchitectureFile, c.Line, c.Name);
            }
            cost = tech.Dram(dram, width);
        }
        else
        {
            var depth = Int("depth", c.Attributes.ContainsKey("entries") ? Int("entries") : null);
            if (depth <= 0 || width <= 0) throw new UnicoInputException($"component {c.Name}: depth and width must be positive to estimate its energy and area", ArchitectureFile, c.Line, c.Name);
            cost = cls.Contains("sram", StringComparison.Ordinal)
                ? tech.Sram(depth, width, (int)Int("n_banks", 1))
                : tech.RegisterFile(depth, width);
        }
        var actions = new Dictionary<string, double>
        {
            ["read"] = cost.Energy.Read, ["write"] = cost.Energy.Write, ["update"] = cost.Energy.Update, ["leak"] = cost.Energy.LeakPerCycle,
        };
        return (new AccelergyEntry(c.Name, null, actions, null), new AccelergyEntry(c.Name, null, new Dictionary<string, double>(), cost.AreaUm2));
    }

    // YamlDotNet's own Save drops local tags (!Container, !Component): emit the events with them.
    private static string Serialize(YamlDocument doc)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new YamlDotNet.Core.Emitter(writer);
        emitter.Emit(new YamlDotNet.Core.Events.StreamStart());
        emitter.Emit(new YamlDotNet.Core.Events.DocumentStart());
        Emit(emitter, doc.Root);
        emitter.Emit(new YamlDotNet.Core.Events.DocumentEnd(true));
        emitter.Emit(new YamlDotNet.Core.Events.StreamEnd());
        return writer.ToString();
    }

    private static void Emit(YamlDotNet.Core.IEmitter emitter, YamlNode node)
    {
        var tag = node.Tag;
        switch (node)
        {
            case YamlMappingNode map:
                emitter.Emit(new YamlDotNet.Core.Events.MappingStart(YamlDotNet.Core.AnchorName.Empty, tag, tag.IsEmpty, map.Style));
                foreach (var (key, value) in map.Children)
                {
                    Emit(emitter, key);
                    Emit(emitter, value);
                }
                emitter.Emit(new YamlDotNet.Core.Events.MappingEnd());
                break;
            case YamlSequenceNode seq:
                emitter.Emit(new YamlDotNet.Core.Events.SequenceStart(YamlDotNet.Core.AnchorName.Empty, tag, tag.IsEmpty, seq.Style));
                foreach (var item in seq.Children) Emit(emitter, item);
                emitter.Emit(new YamlDotNet.Core.Events.SequenceEnd());
                break;
            case YamlScalarNode scalar:
                emitter.Emit(new YamlDotNet.Core.Events.Scalar(YamlDotNet.Core.AnchorName.Empty, tag, scalar.Value ?? "", scalar.Style, tag.IsEmpty, tag.IsEmpty));
                break;
        }
    }
}
