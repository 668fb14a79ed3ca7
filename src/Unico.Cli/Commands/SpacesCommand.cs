using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Unico.Engine.CostModel;
using Unico.Engine.Hardware;

namespace Unico.Cli.Commands;

/// <summary>`unico spaces`: list the built-in hardware design spaces; `show` one; `build` one of its points.</summary>
internal static class SpacesCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var cmd = new Command("spaces", "List the built-in hardware design spaces (name, parameters, size); 'show' or 'build' one.");
        cmd.Options.Add(json);
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            Console.Write(parse.GetValue(json) ? ListJson() : ListText());
            return ExitCodes.Ok;
        }));
        cmd.Subcommands.Add(CreateShow());
        cmd.Subcommands.Add(CreateBuild());
        return cmd;
    }

    private static Argument<string> SpaceArgument() =>
        new("space") { Description = "A built-in space name (see 'unico spaces') or a design-space JSON file." };

    private static Command CreateShow()
    {
        var space = SpaceArgument();
        var json = new Option<bool>("--json") { Description = "Print the space as JSON, with its size and search dimensions." };
        var cmd = new Command("show", "Print a space's parameters, constraints and default point.");
        cmd.Arguments.Add(space);
        cmd.Options.Add(json);
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var s = DesignSpace.Resolve(parse.GetValue(space)!);
            Console.Write(parse.GetValue(json) ? ShowJson(s) : ShowText(s));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command CreateBuild()
    {
        var space = SpaceArgument();
        var point = new Option<string>("--point") { Description = "Design point JSON (a flat object of parameter: value; unlisted parameters take the space's default). Default: the space's default point." };
        var json = new Option<bool>("--json") { Description = "Print the built architecture as JSON." };
        var cmd = new Command("build", "Build a design point of a space and print its architecture: levels, instances, sizes, energy per action, area, constraints.");
        cmd.Arguments.Add(space);
        cmd.Options.Add(point);
        cmd.Options.Add(json);
        cmd.SetAction(parse => CliRunner.Run(() =>
        {
            var s = DesignSpace.Resolve(parse.GetValue(space)!);
            var pointFile = parse.GetValue(point);
            var p = pointFile is null ? s.Default : s.LoadPoint(pointFile);
            var hardware = s.Build(p, pointFile);
            Console.Write(parse.GetValue(json) ? HardwareJson.ToJson(s, p, hardware).ToJsonString(Indented) + Environment.NewLine : BuildText(s, p, hardware));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static string ListText()
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine($"{"space",-16} {"free/all",9} {"points",22} {"default area",14}  free parameters");
        foreach (var s in BuiltInSpaces.All)
        {
            var area = s.Build(s.Default).AreaMm2;
            w.WriteLine($"{s.Name,-16} {$"{s.FreeParameters.Length}/{s.Parameters.Length}",9} {s.Size.ToString("N0", CultureInfo.InvariantCulture),22} {area.ToString("0.000", CultureInfo.InvariantCulture) + " mm^2",14}  {string.Join(", ", s.FreeParameters.Select(p => p.Name))}");
        }
        return w.ToString();
    }

    private static string ListJson()
    {
        var list = new JsonArray();
        foreach (var s in BuiltInSpaces.All)
        {
            list.Add(new JsonObject
            {
                ["name"] = s.Name,
                ["description"] = s.Description,
                ["size"] = s.Size.ToString(CultureInfo.InvariantCulture),
                ["parameters"] = new JsonArray([.. s.Parameters.Select(p => (JsonNode)p.Name)]),
                ["free_parameters"] = new JsonArray([.. s.FreeParameters.Select(p => (JsonNode)p.Name)]),
                ["default_area_mm2"] = s.Build(s.Default).AreaMm2,
            });
        }
        return list.ToJsonString(Indented) + Environment.NewLine;
    }

    private static string ShowText(DesignSpace s)
    {
        var c = CultureInfo.InvariantCulture;
        var w = new StringWriter(c);
        w.WriteLine($"Space: {s.Name}{(s.Source is { } src ? $" ({src})" : "")}");
        if (s.Description.Length > 0) w.WriteLine(s.Description);
        w.WriteLine($"Points: {s.Size.ToString("N0", c)} before constraints; {s.FreeParameters.Length} free parameters of {s.Parameters.Length}");
        w.WriteLine();
        static string Values(DesignParameter p) => p.IsFree ? p.Domain.ToString() : $"= {p.Domain} (fixed)";
        var width = Math.Max(6, s.Parameters.Max(p => Values(p).Length));
        w.WriteLine($"{"parameter",-20} {"values".PadRight(width)} {"count",8} {"default",-18} meaning");
        foreach (var p in s.Parameters)
        {
            // A template parameter's meaning, or where a parameter of an architecture space lands.
            var meaning = s.Architecture is { } arch ? arch.Parameter(p.Name).Path : HardwareParameters.Find(p.Name)!.Description;
            w.WriteLine($"{p.Name,-20} {Values(p).PadRight(width)} {p.Domain.Count,8} {s.Default[p.Name].ToString(),-18} {meaning}");
        }
        w.WriteLine();
        var limits = new List<string>();
        if (s.Constraints.MaxAreaMm2 is { } a) limits.Add($"max_area_mm2 {a.ToString(c)}");
        if (s.Constraints.MaxPes is { } pes) limits.Add($"max_pes {pes.ToString(c)}");
        if (s.Constraints.MaxMacs is { } macs) limits.Add($"max_macs {macs.ToString(c)}");
        w.WriteLine($"Constraints: {(limits.Count == 0 ? "none" : string.Join(", ", limits))}");
        var hw = s.Build(s.Default);
        var peCount = hw.Config is { } config ? $"{config.Pes.ToString(c)} PEs, " : "";
        w.WriteLine($"Default point ({peCount}{hw.Architecture.Compute.Instances.ToString(c)} MACs, {hw.AreaMm2.ToString("0.0000", c)} mm^2):");
        w.WriteLine(s.Default.ToJson());
        return w.ToString();
    }

    private static string ShowJson(DesignSpace s)
    {
        var obj = JsonNode.Parse(s.ToJson())!.AsObject();
        obj["size"] = s.Size.ToString(CultureInfo.InvariantCulture);
        obj["default_area_mm2"] = s.Build(s.Default).AreaMm2;
        obj["search_dimensions"] = new JsonArray([.. s.SearchDimensions.Select(d => (JsonNode)new JsonObject
        {
            ["name"] = d.Name,
            ["kind"] = d.Kind == SearchKind.Categorical ? "categorical" : "ordinal",
            ["lower"] = d.Lower,
            ["upper"] = d.Upper,
            ["choices"] = new JsonArray([.. d.Choices.Select(x => (JsonNode)x)]),
        })]);
        return obj.ToJsonString(Indented) + Environment.NewLine;
    }

    private static string BuildText(DesignSpace s, DesignPoint p, BuiltHardware hw)
    {
        var c = CultureInfo.InvariantCulture;
        var w = new StringWriter(c);
        var arch = hw.Architecture;
        w.WriteLine($"Space: {s.Name}");
        w.WriteLine($"Point: {p}");
        if (hw.Config is { } config)
            w.WriteLine($"PEs: {config.Pes.ToString(c)} ({config.PeRows.ToString(c)} rows x {config.PeCols.ToString(c)} columns), MACs: {arch.Compute.Instances.ToString(c)}, dataflow: {HardwareParameters.Name(config.Dataflow)}");
        else
            w.WriteLine($"MACs: {arch.Compute.Instances.ToString(c)}; energy and area: {string.Join(", ", arch.Levels.Select(l => l.Name).Append(arch.Compute.Name).Where(hw.CostSources.ContainsKey).Select(n => $"{n} from {hw.CostSources[n].Describe()}"))}");
        w.WriteLine($"Area: {hw.AreaMm2.ToString("0.0000", c)} mm^2");
        w.WriteLine();
        w.WriteLine($"{"level",-26} {"inst",6} {"fan-out",8} {"words",9} {"bits",4} {"block",5} {"bw r/w/shared",14} {"read pJ",9} {"write pJ",9} {"update pJ",9} {"leak pJ/cyc",11} {"area um^2",12}");
        foreach (var l in arch.Levels)
        {
            var fanout = $"{l.FanoutX}x{l.FanoutY}";
            if (l.IsSpatialDummy)
            {
                w.WriteLine($"{l.Name,-26} {l.Instances,6} {fanout,8} {"(fan-out only)",9}");
                continue;
            }
            var bw = $"{Bw(l.ReadBandwidth)}/{Bw(l.WriteBandwidth)}/{Bw(l.SharedBandwidth)}";
            w.WriteLine($"{l.Name,-26} {l.Instances,6} {fanout,8} {(l.SizeWords is { } sz ? sz.ToString(c) : "inf"),9} {l.WordBits,4} {l.BlockSize,5} {bw,14} {F(l.Energy.Read),9} {F(l.Energy.Write),9} {F(l.Energy.Update),9} {l.Energy.LeakPerCycle.ToString("0.000000", c),11} {l.AreaUm2.ToString("0.00", c),12}");
        }
        w.WriteLine($"{arch.Compute.Name,-26} {arch.Compute.Instances,6} {"",8} {"",9} {"",4} {"",5} {"",14} {F(arch.Compute.EnergyPerOp) + " per MAC",28} {"",9} {"",11} {arch.Compute.AreaUm2.ToString("0.00", c),12}");
        w.WriteLine();
        w.WriteLine("Constraints (conv2d dimension names; GEMM and other shapes: see docs/hardware.md):");
        foreach (var l in arch.Levels)
        {
            var text = Describe(hw.Constraints[l.Name]);
            if (text.Length > 0) w.WriteLine($"  {l.Name}: {text}");
        }
        return w.ToString();

        string F(double v) => v.ToString("0.0000", c);
        string Bw(double? v) => v is { } x ? x.ToString("0.##", c) : "-";
    }

    private static string Describe(LevelConstraints c)
    {
        static string Factors(IEnumerable<KeyValuePair<string, int>> f) => string.Join(" ", f.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
        var parts = new List<string>();
        if (!c.Keep.IsDefaultOrEmpty) parts.Add($"keep {string.Join(", ", c.Keep)}");
        if (!c.Bypass.IsDefaultOrEmpty) parts.Add($"bypass {string.Join(", ", c.Bypass)}");
        if (c.TemporalFactors.Count > 0) parts.Add($"temporal {Factors(c.TemporalFactors)}");
        if (!c.TemporalPermutation.IsDefaultOrEmpty) parts.Add($"temporal order {string.Concat(c.TemporalPermutation)}");
        if (c.SpatialFactors.Count > 0) parts.Add($"spatial {Factors(c.SpatialFactors)}");
        if (!c.SpatialPermutation.IsDefaultOrEmpty) parts.Add($"spatial order {string.Concat(c.SpatialPermutation)}");
        if (c.SpatialSplit is { } split) parts.Add($"split {split.ToString(CultureInfo.InvariantCulture)}");
        return string.Join("; ", parts);
    }
}

/// <summary>The JSON form of a built design point (used by `unico spaces build --json`).</summary>
internal static class HardwareJson
{
    public static JsonObject ToJson(DesignSpace space, DesignPoint point, BuiltHardware hw)
    {
        var arch = hw.Architecture;
        var levels = new JsonArray();
        foreach (var l in arch.Levels)
        {
            var level = new JsonObject
            {
                ["name"] = l.Name,
                ["fanout_only"] = l.IsSpatialDummy,
                ["instances"] = l.Instances,
                ["fanout_x"] = l.FanoutX,
                ["fanout_y"] = l.FanoutY,
            };
            if (!l.IsSpatialDummy)
            {
                level["size_words"] = l.SizeWords;
                level["word_bits"] = l.WordBits;
                level["block_size"] = l.BlockSize;
                level["read_bandwidth"] = l.ReadBandwidth;
                level["write_bandwidth"] = l.WriteBandwidth;
                level["shared_bandwidth"] = l.SharedBandwidth;
                level["energy_pj"] = new JsonObject
                {
                    ["read"] = l.Energy.Read,
                    ["write"] = l.Energy.Write,
                    ["update"] = l.Energy.Update,
                    ["leak_per_cycle"] = l.Energy.LeakPerCycle,
                };
                level["area_um2"] = l.AreaUm2;
                if (hw.CostSources.TryGetValue(l.Name, out var source)) level["cost_source"] = source.Name();
            }
            level["constraints"] = Constraints(hw.Constraints[l.Name]);
            levels.Add(level);
        }
        return new JsonObject
        {
            ["space"] = space.Name,
            ["point"] = point.ToJsonObject(),
            ["pes"] = hw.Config?.Pes,
            ["macs"] = arch.Compute.Instances,
            ["area_um2"] = arch.AreaUm2,
            ["area_mm2"] = hw.AreaMm2,
            ["levels"] = levels,
            ["compute"] = new JsonObject
            {
                ["name"] = arch.Compute.Name,
                ["instances"] = arch.Compute.Instances,
                ["energy_per_op_pj"] = arch.Compute.EnergyPerOp,
                ["area_um2"] = arch.Compute.AreaUm2,
                ["cost_source"] = hw.CostSources.TryGetValue(arch.Compute.Name, out var computeSource) ? computeSource.Name() : null,
            },
        };
    }

    private static JsonObject Constraints(LevelConstraints c)
    {
        static JsonObject Factors(IEnumerable<KeyValuePair<string, int>> f)
        {
            var o = new JsonObject();
            foreach (var (k, v) in f.OrderBy(kv => kv.Key, StringComparer.Ordinal)) o[k] = v;
            return o;
        }
        static JsonArray List(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)i)]);
        return new JsonObject
        {
            ["keep"] = List(c.Keep.IsDefault ? [] : c.Keep),
            ["bypass"] = List(c.Bypass.IsDefault ? [] : c.Bypass),
            ["temporal_factors"] = Factors(c.TemporalFactors),
            ["temporal_permutation"] = List(c.TemporalPermutation.IsDefault ? [] : c.TemporalPermutation),
            ["spatial_factors"] = Factors(c.SpatialFactors),
            ["spatial_permutation"] = List(c.SpatialPermutation.IsDefault ? [] : c.SpatialPermutation),
            ["spatial_split"] = c.SpatialSplit,
        };
    }
}
