using System.Collections.Immutable;
using Unico.Engine.CostModel;
using YamlDotNet.RepresentationModel;

namespace Unico.Engine.Interop.Timeloop;

/// <summary>An architecture read from a Timeloop file, with its constraints and any warnings.</summary>
/// <param name="Architecture">The flattened architecture.</param>
/// <param name="Constraints">Constraints per level name (storage levels and containers' fan-out levels).</param>
/// <param name="ContainerLevels">Container name to the name of the fan-out level it created.</param>
/// <param name="Warnings">Things the user should know (e.g. an ERT that disagrees with the hierarchy).</param>
/// <param name="ParallelGroups">The storage levels of each <c>!Parallel</c> group: each data space lives in at most one of them.</param>
public sealed record TimeloopArchitecture(
    Architecture Architecture,
    ImmutableDictionary<string, LevelConstraints> Constraints,
    ImmutableDictionary<string, string> ContainerLevels,
    ImmutableArray<string> Warnings,
    ImmutableArray<ImmutableArray<string>> ParallelGroups = default)
{
    /// <summary>The map-space of a layer on this architecture, with extra constraints if given.</summary>
    public Mapping.MapSpace MapSpace(Problem problem, IReadOnlyDictionary<string, LevelConstraints>? extraConstraints = null) =>
        Mapping.MapSpace.Create(problem, Architecture,
            extraConstraints is null ? Constraints : TimeloopConstraintsReader.Combine(Constraints, extraConstraints),
            ContainerLevels, parallelGroups: ParallelGroups.IsDefault ? null : ParallelGroups.Select(g => (IReadOnlyList<string>)g));
}

/// <summary>
/// Reads a Timeloop v0.4 architecture (<c>architecture: { version: 0.4, nodes: [...] }</c>) with
/// <c>!Container</c>, <c>!Component</c>, <c>!Parallel</c>, <c>!Hierarchical</c>, <c>!Pipelined</c>
/// and <c>!Nothing</c> nodes, and joins it with Accelergy's energy (ERT) and area (ART) tables.
/// <para>
/// Flattening follows Timeloop: nodes are levels from outermost to innermost in file order
/// (the members of a <c>!Parallel</c> too); a container with a <c>spatial</c> mesh multiplies the
/// instances of everything after it and creates a fan-out level named <c>inter_NAME_spatial</c>;
/// a component's own mesh multiplies only that component; attributes of a container are
/// inherited by the nodes after it.
/// </para>
/// <para>
/// In a <c>!Parallel</c> group every data space lives in one branch: what one member keeps, the
/// other members bypass. A <c>!Nothing</c> member is a branch without storage; what it keeps goes
/// past the group's other members to the next level. Outside a group a <c>!Nothing</c> stands for
/// no level and constrains nothing.
/// </para>
/// </summary>
public static class TimeloopArchitectureReader
{
    private static readonly string[] StorageClassPrefixes = ["DRAM", "SRAM", "regfile", "smartbuffer", "storage", "buffet", "cache", "reg"];
    private static readonly string[] ComputeClassMarks = ["mac", "compute", "alu", "multiplier", "adder"];
    private static readonly string[] NetworkClassMarks = ["noc", "network", "legacy", "reductiontree", "simplemulticast"];

    /// <summary>Reads an architecture file and joins it with an ERT and an optional ART.</summary>
    public static TimeloopArchitecture Read(string archPath, string ertPath, string? artPath = null) =>
        Read(YamlDocument.Load(archPath), AccelergyTables.Read(ertPath), artPath is null ? null : AccelergyTables.Read(artPath));

    /// <summary>Reads an architecture from parsed parts.</summary>
    public static TimeloopArchitecture Read(string archYaml, AccelergyTables ert, AccelergyTables? art, string name = "architecture") =>
        Read(YamlDocument.Parse(new StringReader(archYaml), name), ert, art);

    private sealed class Node
    {
        public required string Name { get; init; }
        public required string Class { get; init; }
        public required YamlNode Source { get; init; }
        public required Dictionary<string, YamlNode> Attributes { get; init; }
        public long InstancesX { get; set; }
        public long InstancesY { get; set; }
        public bool IsDummy { get; init; }
        public bool IsCompute { get; init; }
        public LevelConstraints Constraints { get; set; } = LevelConstraints.None("");
    }

    /// <summary>
    /// A storage or compute component as the file describes it, for estimating its energy and area:
    /// its class (and subclass), its attributes with the containers' inherited ones, as text.
    /// </summary>
    internal sealed record Component(string Name, string Class, string? Subclass, IReadOnlyDictionary<string, string> Attributes, bool IsCompute, int? Line);

    /// <summary>The storage and compute components of an architecture file, outermost first.</summary>
    internal static IReadOnlyList<Component> Components(YamlDocument doc)
    {
        var (flat, _, _, _) = FlattenAll(doc);
        return [.. flat.Where(n => !n.IsDummy).Select(n => new Component(
            n.Name, n.Class, n.Source is YamlMappingNode m ? doc.OptionalString(m, "subclass") : null,
            n.Attributes.ToDictionary(kv => kv.Key, kv => kv.Value is YamlScalarNode v ? v.Value ?? "" : "", StringComparer.Ordinal),
            n.IsCompute, n.Source.Start.Line > 0 ? (int)n.Source.Start.Line : null))];
    }

    private static (List<Node> Flat, List<List<Node>> Groups, Dictionary<string, string> ContainerLevels, YamlSequenceNode Nodes) FlattenAll(YamlDocument doc)
    {
        var root = doc.Mapping(doc.Root, "architecture file");
        var archNode = doc.Mapping(YamlDocument.Find(root, "architecture") ?? root, "architecture");
        if (YamlDocument.Find(archNode, "subtree") is not null)
            throw doc.Error(archNode, "this is a Timeloop v0.3 architecture (subtree/local); Unico reads the v0.4 format (version: 0.4, nodes: [...])", "subtree");
        var nodes = doc.Sequence(doc.Require(archNode, "nodes", "architecture"), "nodes");
        var flat = new List<Node>();
        var groups = new List<List<Node>>();
        var containerLevels = new Dictionary<string, string>(StringComparer.Ordinal);
        var scope = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        long meshX = 1, meshY = 1;
        Flatten(doc, nodes, flat, groups, containerLevels, scope, ref meshX, ref meshY);
        return (flat, groups, containerLevels, nodes);
    }

    internal static TimeloopArchitecture Read(YamlDocument doc, AccelergyTables ert, AccelergyTables? art)
    {
        var (flat, groups, containerLevels, nodes) = FlattenAll(doc);

        var computeIndex = flat.FindIndex(n => n.IsCompute);
        if (computeIndex < 0) throw doc.Error(nodes, "architecture has no compute component (class intmac, mac, compute, ...)", "nodes");
        if (flat.Skip(computeIndex + 1).Any(n => !n.IsDummy))
            throw doc.Error(flat[computeIndex + 1].Source, "the compute component must be the innermost component", flat[computeIndex + 1].Name);
        if (flat.Count(n => n.IsCompute) > 1)
            throw doc.Error(flat.Last(n => n.IsCompute).Source, "only one compute component is supported", flat.Last(n => n.IsCompute).Name);
        var compute = flat[computeIndex];
        var storage = flat.Take(computeIndex).ToList();
        if (!storage.Any(n => !n.IsDummy)) throw doc.Error(nodes, "architecture has no storage component", "nodes");
        // A fan-out level directly above the compute units needs no level of its own: drop trailing dummies.
        while (storage.Count > 0 && storage[^1].IsDummy && storage[^1].InstancesX * storage[^1].InstancesY == compute.InstancesX * compute.InstancesY)
            storage.RemoveAt(storage.Count - 1);
        while (storage.Count > 0 && storage[0].IsDummy) storage.RemoveAt(0);

        var warnings = ImmutableArray.CreateBuilder<string>();
        CheckTableInstances(storage, ert, warnings);

        var levels = ImmutableArray.CreateBuilder<StorageLevel>();
        var constraints = ImmutableDictionary.CreateBuilder<string, LevelConstraints>(StringComparer.Ordinal);
        for (var i = 0; i < storage.Count; i++)
        {
            var node = storage[i];
            var nextX = i + 1 < storage.Count ? storage[i + 1].InstancesX : compute.InstancesX;
            var nextY = i + 1 < storage.Count ? storage[i + 1].InstancesY : compute.InstancesY;
            if (nextX % node.InstancesX != 0 || nextY % node.InstancesY != 0 || nextX < node.InstancesX || nextY < node.InstancesY)
                throw doc.Error(node.Source, $"{node.InstancesX * node.InstancesY} instances cannot fan out evenly to the {nextX * nextY} instances below", node.Name);
            var fanoutX = (int)(nextX / node.InstancesX);
            var fanoutY = (int)(nextY / node.InstancesY);
            levels.Add(node.IsDummy
                ? DummyLevel(node, fanoutX, fanoutY)
                : StorageLevelOf(doc, node, fanoutX, fanoutY, ert, art));
            constraints[node.Name] = node.Constraints with { Level = node.Name };
        }
        var computeUnit = ComputeUnitOf(doc, compute, ert, art);
        var name = flat.Count > 0 ? doc.File : "architecture";
        var architecture = new Architecture(Path.GetFileNameWithoutExtension(name), levels.ToImmutable(), computeUnit);
        architecture.Validate(doc.File);
        var parallel = groups
            .Select(g => g.Where(n => !n.IsDummy && !n.IsCompute && architecture.LevelIndex(n.Name) >= 0).Select(n => n.Name).ToImmutableArray())
            .Where(g => g.Length > 1)
            .ToImmutableArray();
        return new TimeloopArchitecture(architecture, constraints.ToImmutable(), containerLevels.ToImmutableDictionary(), warnings.ToImmutable(), parallel);
    }

    private static void Flatten(YamlDocument doc, YamlSequenceNode nodes, List<Node> flat, List<List<Node>> groups, Dictionary<string, string> containerLevels,
        Dictionary<string, YamlNode> scope, ref long meshX, ref long meshY)
    {
        foreach (var item in nodes.Children)
        {
            var map = doc.Mapping(item, "architecture node");
            var tag = item.Tag.IsEmpty ? "" : item.Tag.Value;
            switch (tag)
            {
                case "!Parallel":
                {
                    var members = doc.Sequence(doc.Require(map, "nodes", tag), "nodes");
                    var start = flat.Count;
                    Flatten(doc, members, flat, groups, containerLevels, scope, ref meshX, ref meshY);
                    var branchNodes = flat.GetRange(start, flat.Count - start);
                    SeparateBranches(doc, members, branchNodes);
                    groups.Add(branchNodes);
                    break;
                }
                case "!Hierarchical" or "!Pipelined":
                    Flatten(doc, doc.Sequence(doc.Require(map, "nodes", tag), "nodes"), flat, groups, containerLevels, scope, ref meshX, ref meshY);
                    break;
                case "!Nothing":
                    break;
                case "!Container":
                {
                    var name = doc.RequireString(map, "name", "container");
                    Inherit(doc, map, scope);
                    var (mx, my) = Mesh(doc, map);
                    var constraints = ReadConstraints(doc, map, name);
                    if (mx * my > 1)
                    {
                        var dummyName = $"inter_{name}_spatial";
                        containerLevels[name] = dummyName;
                        flat.Add(new Node
                        {
                            Name = dummyName, Class = "dummy", Source = item, IsDummy = true,
                            Attributes = new Dictionary<string, YamlNode>(scope, StringComparer.Ordinal),
                            InstancesX = meshX, InstancesY = meshY, Constraints = constraints,
                        });
                        meshX *= mx;
                        meshY *= my;
                    }
                    break;
                }
                case "!Component" or "":
                {
                    var name = doc.RequireString(map, "name", "component");
                    var cls = doc.OptionalString(map, "class") ?? "";
                    var attributes = new Dictionary<string, YamlNode>(scope, StringComparer.Ordinal);
                    if (YamlDocument.Find(map, "attributes") is { } attrs)
                    {
                        foreach (var entry in doc.Mapping(attrs, "attributes").Children)
                            attributes[doc.Scalar(entry.Key, "attributes")] = entry.Value;
                    }
                    if (flat.Any(n => n.Name == name)) throw doc.Error(item, $"component name '{name}' is used twice", name);
                    var (mx, my) = Mesh(doc, map);
                    if (IsNetwork(cls)) break;
                    var isCompute = IsCompute(cls);
                    if (!isCompute && !IsStorage(cls, attributes))
                        throw doc.Error(item, $"unknown component class '{cls}': expected a storage class (DRAM, SRAM, regfile, smartbuffer...) or a compute class (intmac, mac, compute)", name);
                    flat.Add(new Node
                    {
                        Name = name, Class = cls, Source = item, Attributes = attributes, IsCompute = isCompute,
                        InstancesX = meshX * mx, InstancesY = meshY * my, Constraints = ReadConstraints(doc, map, name),
                    });
                    break;
                }
                default:
                    throw doc.Error(item, $"unknown node type '{tag}': expected !Container, !Component, !Parallel, !Hierarchical, !Pipelined or !Nothing", "nodes");
            }
        }
    }

    // Container attributes (technology, datawidth, ...) flow into the nodes after the container.
    private static void Inherit(YamlDocument doc, YamlMappingNode container, Dictionary<string, YamlNode> scope)
    {
        if (YamlDocument.Find(container, "attributes") is not { } attrs) return;
        foreach (var entry in doc.Mapping(attrs, "attributes").Children) scope[doc.Scalar(entry.Key, "attributes")] = entry.Value;
    }

    private static (long X, long Y) Mesh(YamlDocument doc, YamlMappingNode map)
    {
        if (YamlDocument.Find(map, "spatial") is not { } spatialNode) return (1, 1);
        var spatial = doc.Mapping(spatialNode, "spatial");
        long x = YamlDocument.Find(spatial, "meshX") is { } xn ? doc.Integer(xn, "meshX") : 1;
        long y = YamlDocument.Find(spatial, "meshY") is { } yn ? doc.Integer(yn, "meshY") : 1;
        if (x <= 0) throw doc.Error(spatialNode, $"meshX must be a positive integer, got {x}", "meshX");
        if (y <= 0) throw doc.Error(spatialNode, $"meshY must be a positive integer, got {y}", "meshY");
        return (x, y);
    }

    private static bool IsNetwork(string cls) =>
        NetworkClassMarks.Any(m => cls.Contains(m, StringComparison.OrdinalIgnoreCase));

    private static bool IsCompute(string cls) =>
        ComputeClassMarks.Any(m => cls.Contains(m, StringComparison.OrdinalIgnoreCase));

    private static bool IsStorage(string cls, Dictionary<string, YamlNode> attributes) =>
        StorageClassPrefixes.Any(p => cls.StartsWith(p, StringComparison.OrdinalIgnoreCase))
        || attributes.ContainsKey("depth") || attributes.ContainsKey("entries") || attributes.ContainsKey("sizeKB");

    // What a member of a !Parallel group keeps, its peers bypass (a !Nothing member included).
    private static void SeparateBranches(YamlDocument doc, YamlSequenceNode members, List<Node> flattened)
    {
        var branches = new List<(YamlNode Source, string Name, ImmutableArray<string> Keep)>();
        foreach (var member in members.Children)
        {
            var map = doc.Mapping(member, "architecture node");
            var tag = member.Tag.IsEmpty ? "" : member.Tag.Value;
            var name = tag == "!Nothing" ? "!Nothing" : doc.OptionalString(map, "name") ?? "";
            var keep = ReadConstraints(doc, map, name).Keep;
            branches.Add((member, name, keep));
        }
        foreach (var node in flattened)
        {
            if (node.IsDummy || node.IsCompute) continue;
            var own = node.Constraints;
            var bypass = own.Bypass.ToBuilder();
            foreach (var (source, name, keep) in branches)
            {
                if (name == node.Name) continue;
                foreach (var space in keep)
                {
                    if (own.Keep.Contains(space))
                        throw doc.Error(source, $"'{space}' is kept by both {node.Name} and {name} in one !Parallel group; each data space lives in one branch", "keep");
                    if (!bypass.Contains(space)) bypass.Add(space);
                }
            }
            node.Constraints = own with { Bypass = bypass.ToImmutable() };
        }
    }

    /// <summary>
    /// Accelergy's tables record how many instances of each component the evaluated architecture
    /// had. The architecture file is what is modelled; a table that counts differently was made
    /// for another hierarchy, which the user should know.
    /// </summary>
    private static void CheckTableInstances(List<Node> storage, AccelergyTables ert, ImmutableArray<string>.Builder warnings)
    {
        foreach (var node in storage)
        {
            if (node.IsDummy || ert.Find(node.Name)?.Instances is not { } tableInstances) continue;
            var own = node.InstancesX * node.InstancesY;
            if (tableInstances != own)
                warnings.Add($"the energy table lists {tableInstances} instances of {node.Name} but the architecture gives {own}: the table may come from another version of the architecture; the architecture is followed");
        }
    }

    private static StorageLevel DummyLevel(Node node, int fanoutX, int fanoutY) =>
        new(node.Name, node.InstancesX * node.InstancesY, fanoutX, fanoutY, null, 1, 8, 1, null, null, null,
            new StorageEnergy(0, 0, 0, 0), 0, IsSpatialDummy: true);

    private static StorageLevel StorageLevelOf(YamlDocument doc, Node node, int fanoutX, int fanoutY, AccelergyTables ert, AccelergyTables? art)
    {
        double? Attr(string key) => node.Attributes.TryGetValue(key, out var v) ? doc.Number(v, key) : null;
        long? IntAttr(string key) => node.Attributes.TryGetValue(key, out var v) ? doc.Integer(v, key) : null;

        var wordBits = (int)(IntAttr("datawidth") ?? IntAttr("word_bits") ?? IntAttr("word-bits") ?? 8);
        if (wordBits <= 0) throw doc.Error(node.Source, "datawidth must be positive", node.Name);
        var width = IntAttr("width") ?? IntAttr("block_size") * wordBits ?? wordBits;
        var block = (int)(IntAttr("block_size") ?? IntAttr("block-size") ?? Math.Max(1, width / wordBits));
        if (width % wordBits != 0 && IntAttr("block_size") is null)
            throw doc.Error(node.Source, $"width {width} is not a multiple of datawidth {wordBits}", node.Name);
        long? size = null;
        if (IntAttr("depth") is { } depth) size = depth * block;
        else if (IntAttr("entries") is { } entries) size = entries;
        else if (Attr("sizeKB") is { } kb) size = (long)(kb * 1024 * 8 / wordBits);
        if (size is <= 0) throw doc.Error(node.Source, "depth must be a positive integer", node.Name);

        var entry = ert.Find(node.Name)
            ?? throw new UnicoInputException($"no entry for component '{node.Name}' (components in the table: {string.Join(", ", ert.Entries.Keys)})", ert.File, field: node.Name);
        double Action(params string[] names)
        {
            foreach (var n in names)
            {
                if (entry.Actions.TryGetValue(n, out var e)) return e;
            }
            return double.NaN;
        }
        var read = Action("read");
        var write = Action("write", "fill");
        if (double.IsNaN(read)) throw new UnicoInputException($"component '{node.Name}' has no 'read' action", ert.File, field: node.Name);
        if (double.IsNaN(write)) write = read;
        var update = Action("update");
        if (double.IsNaN(update)) update = write;
        var leak = Action("leak");
        if (double.IsNaN(leak)) leak = 0;

        return new StorageLevel(
            node.Name, node.InstancesX * node.InstancesY, fanoutX, fanoutY, size, block, wordBits,
            Attr("multiple_buffering") ?? 1,
            Attr("read_bandwidth"), Attr("write_bandwidth"), Attr("shared_bandwidth"),
            new StorageEnergy(read, write, update, leak),
            art?.Find(node.Name)?.Area ?? 0);
    }

    private static ComputeUnit ComputeUnitOf(YamlDocument doc, Node node, AccelergyTables ert, AccelergyTables? art)
    {
        var entry = ert.Find(node.Name)
            ?? throw new UnicoInputException($"no entry for compute component '{node.Name}'", ert.File, field: node.Name);
        double energy;
        if (entry.Actions.TryGetValue("compute", out var e)) energy = e;
        else if (entry.Actions.TryGetValue("mac_random", out var r)) energy = r;
        else
        {
            var candidates = entry.Actions.Where(a => a.Key != "leak").Select(a => a.Value).ToList();
            if (candidates.Count == 0) throw new UnicoInputException($"compute component '{node.Name}' has no 'compute' action", ert.File, field: node.Name);
            energy = candidates.Max();
        }
        _ = doc;
        return new ComputeUnit(node.Name, node.InstancesX * node.InstancesY, energy, art?.Find(node.Name)?.Area ?? 0);
    }

    internal static LevelConstraints ReadConstraints(YamlDocument doc, YamlMappingNode map, string level)
    {
        if (YamlDocument.Find(map, "constraints") is not { } node) return LevelConstraints.None(level);
        var c = doc.Mapping(node, "constraints");
        var keep = ImmutableArray<string>.Empty;
        var bypass = ImmutableArray<string>.Empty;
        if (YamlDocument.Find(c, "dataspace") is { } ds)
        {
            var dsMap = doc.Mapping(ds, "dataspace");
            if (YamlDocument.Find(dsMap, "keep") is { } k) keep = [.. doc.Names(k, "keep").Select(n => n.Name)];
            if (YamlDocument.Find(dsMap, "bypass") is { } b) bypass = [.. doc.Names(b, "bypass").Select(n => n.Name)];
        }
        var temporal = LoopConstraints(doc, c, "temporal");
        var spatial = LoopConstraints(doc, c, "spatial");
        return new LevelConstraints(level, keep, bypass, temporal.Factors, temporal.Permutation, spatial.Factors, spatial.Permutation, spatial.Split);
    }

    private static (ImmutableDictionary<string, int> Factors, ImmutableArray<string> Permutation, int? Split) LoopConstraints(
        YamlDocument doc, YamlMappingNode constraints, string key)
    {
        if (YamlDocument.Find(constraints, key) is not { } node) return (ImmutableDictionary<string, int>.Empty, [], null);
        var map = doc.Mapping(node, key);
        var factors = YamlDocument.Find(map, "factors") is { } f ? FactorList.Parse(doc, f, key) : ImmutableDictionary<string, int>.Empty;
        var permutation = YamlDocument.Find(map, "permutation") is { } p ? FactorList.ParsePermutation(doc, p) : [];
        int? split = YamlDocument.Find(map, "split") is { } s ? (int)doc.Integer(s, "split") : null;
        return (factors, permutation, split);
    }
}
