using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Unico.Engine.Hardware;

/// <summary>
/// A hardware design space: a domain for every template parameter (unlisted ones fixed), limits
/// (area, PEs, MACs), a default point and the level names. It counts, samples, encodes points for
/// a search, validates them and builds their architectures. The JSON format is in docs/hardware.md.
/// </summary>
public sealed record DesignSpace
{
    private const int MaxSampleAttempts = 10_000;
    private readonly ImmutableDictionary<string, DesignParameter> _byName;

    private DesignSpace(string name, string description, ImmutableArray<DesignParameter> parameters, SpaceConstraints constraints,
        DesignPoint defaultPoint, LevelNames names, string? source, ArchitectureSpace? architecture = null)
    {
        Architecture = architecture;
        Name = name;
        Description = description;
        Parameters = parameters;
        Constraints = constraints;
        Default = defaultPoint;
        Names = names;
        Source = source;
        _byName = parameters.ToImmutableDictionary(p => p.Name, StringComparer.Ordinal);
        FreeParameters = [.. parameters.Where(p => p.IsFree)];
        SearchDimensions = [.. FreeParameters.Select(p => new SearchDimension(
            p.Name, p.Domain.IsCategorical ? SearchKind.Categorical : SearchKind.Ordinal, 0, p.Domain.Count - 1,
            p.Domain.Count <= 4096 ? [.. p.Domain.Values().Select(v => v.ToString())] : []))];
    }

    /// <summary>Space name.</summary>
    public string Name { get; }

    /// <summary>What the space is.</summary>
    public string Description { get; }

    /// <summary>Every template parameter with its domain, in template order.</summary>
    public ImmutableArray<DesignParameter> Parameters { get; }

    /// <summary>Parameters with more than one value, in template order: the coordinates of <see cref="Encode"/>.</summary>
    public ImmutableArray<DesignParameter> FreeParameters { get; }

    /// <summary>Kind, bounds and choices of each coordinate of <see cref="Encode"/>.</summary>
    public ImmutableArray<SearchDimension> SearchDimensions { get; }

    /// <summary>Limits every valid design respects.</summary>
    public SpaceConstraints Constraints { get; }

    /// <summary>The default design point (complete and feasible).</summary>
    public DesignPoint Default { get; }

    /// <summary>Level names of the built architectures.</summary>
    public LevelNames Names { get; }

    /// <summary>File the space was read from, or null (built-in or built in code).</summary>
    public string? Source { get; }

    /// <summary>
    /// The user's Timeloop architecture the space varies, or null for a space of the built-in
    /// template (<see cref="HardwareTemplate"/>).
    /// </summary>
    public ArchitectureSpace? Architecture { get; }

    /// <summary>Number of points in the grid, before the constraints.</summary>
    public BigInteger Size => Parameters.Aggregate(BigInteger.One, (size, p) => size * p.Domain.Count);

    /// <summary>
    /// Creates a space. Parameters not in <paramref name="parameters"/> are fixed at the default
    /// point's value or, if it has none, the template default. The default point's missing values
    /// are the template default when the domain has it, else the domain's first value. Throws
    /// <see cref="UnicoInputException"/> when a domain is illegal for its parameter or the default
    /// point is not feasible.
    /// </summary>
    public static DesignSpace Create(string name, IEnumerable<DesignParameter> parameters, SpaceConstraints? constraints = null,
        DesignPoint? defaultPoint = null, LevelNames? names = null, string description = "", string? source = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var given = new Dictionary<string, DesignParameter>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            var template = HardwareParameters.Find(p.Name) ?? throw UnknownParameter(p.Name, source);
            CheckDomain(template, p.Domain, source);
            if (!given.TryAdd(p.Name, p)) throw new UnicoInputException("parameter listed twice", source, field: p.Name);
        }
        var partialDefault = defaultPoint ?? new DesignPoint([]);
        var all = ImmutableArray.CreateBuilder<DesignParameter>();
        var defaults = new List<KeyValuePair<string, ParameterValue>>();
        foreach (var template in HardwareParameters.All)
        {
            if (!given.TryGetValue(template.Name, out var p))
            {
                var fixedValue = partialDefault.Values.TryGetValue(template.Name, out var v) ? v : template.Default;
                if (template.Check(fixedValue) is { } problem) throw new UnicoInputException(problem, source, field: template.Name);
                p = new DesignParameter(template.Name, ParameterDomain.Fixed(fixedValue));
            }
            all.Add(p);
            ParameterValue value;
            if (partialDefault.Values.TryGetValue(template.Name, out var d))
            {
                if (!p.Domain.Contains(d)) throw new UnicoInputException($"default value {d} is not in the space ({p.Domain})", source, field: template.Name);
                value = d;
            }
            else
            {
                value = p.Domain.Contains(template.Default) ? template.Default : p.Domain.ValueAt(0);
            }
            defaults.Add(KeyValuePair.Create(template.Name, value));
        }
        foreach (var key in partialDefault.Values.Keys)
        {
            if (HardwareParameters.Find(key) is null) throw UnknownParameter(key, source);
        }
        var levelNames = names ?? new LevelNames();
        CheckNames(levelNames, source);
        var space = new DesignSpace(name, description, all.ToImmutable(), constraints ?? SpaceConstraints.None, new DesignPoint(defaults), levelNames, source);
        if (!space.TryBuild(space.Default, out _, out var reason))
            throw new UnicoInputException($"the default point is not a valid design: {reason}", source, field: "default");
        return space;
    }

    /// <summary>
    /// Creates a space around a user's architecture: every parameter is the user's (see
    /// <see cref="ArchitectureSpace"/>); a parameter the default point does not give takes the
    /// file's value when its domain holds it, else the domain's first value. MAC and area caps
    /// apply (PE caps are the template's). Throws <see cref="UnicoInputException"/> when the
    /// default point is not a valid design.
    /// </summary>
    public static DesignSpace FromArchitecture(string name, ArchitectureSpace architecture, IEnumerable<DesignParameter> parameters,
        SpaceConstraints? constraints = null, DesignPoint? defaultPoint = null, string description = "", string? source = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(parameters);
        var all = parameters.ToImmutableArray();
        if (constraints?.MaxPes is not null)
            throw new UnicoInputException("max_pes applies to the template's spaces; cap an architecture space with max_macs", source, field: "constraints.max_pes");
        var defaults = new List<KeyValuePair<string, ParameterValue>>();
        foreach (var p in all)
        {
            ParameterValue value;
            if (defaultPoint is not null && defaultPoint.Values.TryGetValue(p.Name, out var d))
            {
                if (!p.Domain.Contains(d)) throw new UnicoInputException($"default value {d} is not in the space ({p.Domain})", source, field: p.Name);
                value = d;
            }
            else
            {
                value = architecture.FileValue(architecture.Parameter(p.Name)) is { } f && p.Domain.Contains(f) ? f : p.Domain.ValueAt(0);
            }
            defaults.Add(KeyValuePair.Create(p.Name, value));
        }
        foreach (var key in defaultPoint?.Values.Keys ?? [])
        {
            if (!all.Any(p => p.Name == key)) throw new UnicoInputException($"unknown parameter (parameters: {string.Join(", ", all.Select(p => p.Name))})", source, field: key);
        }
        var space = new DesignSpace(name, description, all, constraints ?? SpaceConstraints.None, new DesignPoint(defaults), new LevelNames(), source, architecture);
        if (!space.TryBuild(space.Default, out _, out var reason))
            throw new UnicoInputException($"the default point is not a valid design: {reason}", source, field: "default");
        return space;
    }

    /// <summary>A parameter by name; throws naming the known ones.</summary>
    public DesignParameter Parameter(string name) =>
        _byName.TryGetValue(name, out var p) ? p : throw UnknownParameter(name, Source);

    /// <summary>
    /// A point from the text form that events and stored runs carry (name: value as text), typed by
    /// the parameters' domains: values of categorical parameters stay text, the others are integers.
    /// Throws <see cref="UnicoInputException"/> naming an unknown parameter or a value not in its domain.
    /// </summary>
    public DesignPoint PointFromText(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var typed = new List<KeyValuePair<string, ParameterValue>>();
        foreach (var (name, text) in values)
        {
            var p = Parameter(name);
            var value = !p.Domain.IsCategorical && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                ? ParameterValue.Of(n)
                : ParameterValue.Of(text);
            if (!p.Domain.Contains(value)) throw new UnicoInputException($"{text} is not in the space ({p.Domain})", Source, field: name);
            typed.Add(new(name, value));
        }
        return new DesignPoint(typed);
    }

    /// <summary>The point with every parameter it does not list taken from <see cref="Default"/>; rejects unknown names.</summary>
    public DesignPoint Complete(DesignPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        foreach (var key in point.Values.Keys)
        {
            if (!_byName.ContainsKey(key)) throw UnknownParameter(key, null);
        }
        return new DesignPoint(Parameters.Select(p => KeyValuePair.Create(p.Name, point.Values.TryGetValue(p.Name, out var v) ? v : Default[p.Name])));
    }

    /// <summary>
    /// Builds a point's hardware when the point is valid: every value in its domain, the template
    /// accepts it, and the limits hold. Missing values are taken from <see cref="Default"/>.
    /// </summary>
    public bool TryBuild(DesignPoint point, out BuiltHardware? hardware, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(point);
        hardware = null;
        foreach (var key in point.Values.Keys)
        {
            if (!_byName.ContainsKey(key))
            {
                reason = $"'{key}': unknown parameter";
                return false;
            }
        }
        if (Architecture is not null) return TryBuildArchitecture(Complete(point), out hardware, out reason);
        var config = new HardwareConfig();
        foreach (var p in Parameters)
        {
            var value = point.Values.TryGetValue(p.Name, out var v) ? v : Default[p.Name];
            if (!p.Domain.Contains(value))
            {
                reason = $"'{p.Name}': {value} is not in the space ({p.Domain})";
                return false;
            }
            config = config.With(p.Name, value);
        }
        if (Constraints.MaxPes is { } maxPes && config.Pes > maxPes)
        {
            reason = $"{config.Pes} PEs exceed max_pes {maxPes}";
            return false;
        }
        if (Constraints.MaxMacs is { } maxMacs && config.Macs > maxMacs)
        {
            reason = $"{config.Macs} MACs exceed max_macs {maxMacs}";
            return false;
        }
        try
        {
            hardware = HardwareTemplate.Build(config, Names, name: Name);
        }
        catch (UnicoInputException e)
        {
            reason = e.Message;
            return false;
        }
        reason = AreaCapProblem(hardware);
        if (reason is null) return true;
        hardware = null;
        return false;
    }

    private bool TryBuildArchitecture(DesignPoint point, out BuiltHardware? hardware, out string? reason)
    {
        hardware = null;
        foreach (var p in Parameters)
        {
            if (!p.Domain.Contains(point[p.Name]))
            {
                reason = $"'{p.Name}': {point[p.Name]} is not in the space ({p.Domain})";
                return false;
            }
        }
        try
        {
            hardware = Architecture!.Build(point, Name);
        }
        catch (UnicoInputException e)
        {
            reason = e.Message;
            return false;
        }
        if (Constraints.MaxMacs is { } maxMacs && hardware.Architecture.Compute.Instances > maxMacs)
        {
            reason = $"{hardware.Architecture.Compute.Instances} MACs exceed max_macs {maxMacs}";
            hardware = null;
            return false;
        }
        reason = AreaCapProblem(hardware);
        if (reason is null) return true;
        hardware = null;
        return false;
    }

    // The area cap is checked on the built hardware, whichever way it was built.
    private string? AreaCapProblem(BuiltHardware hardware) =>
        Constraints.MaxAreaMm2 is { } maxArea && hardware.AreaMm2 > maxArea
            ? string.Create(CultureInfo.InvariantCulture, $"area {hardware.AreaMm2:0.####} mm^2 exceeds max_area_mm2 {maxArea}")
            : null;

    /// <summary>True when the point is a valid design of this space.</summary>
    public bool IsFeasible(DesignPoint point) => TryBuild(point, out _, out _);

    /// <summary>Throws <see cref="UnicoInputException"/> saying why the point is not a valid design of this space.</summary>
    public void Validate(DesignPoint point, string? file = null) => Build(point, file);

    /// <summary>The architecture and constraints of a valid point; throws saying why an invalid one is not.</summary>
    public BuiltHardware Build(DesignPoint point, string? file = null)
    {
        if (TryBuild(point, out var hardware, out var reason)) return hardware!;
        throw new UnicoInputException($"not a valid design of space '{Name}': {reason}", file);
    }

    /// <summary>
    /// A point drawn uniformly from the valid designs: every parameter uniform over its domain,
    /// redrawn until the limits hold (at most 10,000 draws).
    /// </summary>
    public DesignPoint Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var values = new KeyValuePair<string, ParameterValue>[Parameters.Length];
        for (var attempt = 0; attempt < MaxSampleAttempts; attempt++)
        {
            for (var i = 0; i < Parameters.Length; i++)
            {
                var d = Parameters[i].Domain;
                values[i] = KeyValuePair.Create(Parameters[i].Name, d.ValueAt(d.Count == 1 ? 0 : random.NextInt64(d.Count)));
            }
            var point = new DesignPoint(values);
            if (IsFeasible(point)) return point;
        }
        throw new UnicoInputException($"no valid design found in {MaxSampleAttempts} random draws: the constraints exclude (almost) the whole space", Source, field: "constraints");
    }

    /// <summary><paramref name="count"/> points drawn with <see cref="Sample(Random)"/> from a generator seeded with <paramref name="seed"/>.</summary>
    public ImmutableArray<DesignPoint> Sample(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        var result = ImmutableArray.CreateBuilder<DesignPoint>(count);
        for (var i = 0; i < count; i++) result.Add(Sample(random));
        return result.MoveToImmutable();
    }

    /// <summary>Every point of the grid (valid or not), in mixed-radix order; meant for small spaces.</summary>
    public IEnumerable<DesignPoint> Enumerate()
    {
        var index = new long[Parameters.Length];
        while (true)
        {
            yield return new DesignPoint(Parameters.Select((p, i) => KeyValuePair.Create(p.Name, p.Domain.ValueAt(index[i]))));
            var k = 0;
            for (; k < index.Length; k++)
            {
                if (++index[k] < Parameters[k].Domain.Count) break;
                index[k] = 0;
            }
            if (k == index.Length) yield break;
        }
    }

    /// <summary>
    /// The search vector of a point: for each of <see cref="FreeParameters"/>, the index of its
    /// value in the domain (see <see cref="SearchDimensions"/>). Missing values are the default's.
    /// </summary>
    public double[] Encode(DesignPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var x = new double[FreeParameters.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var p = FreeParameters[i];
            var value = point.Values.TryGetValue(p.Name, out var v) ? v : Default[p.Name];
            var index = p.Domain.IndexOf(value);
            if (index < 0) throw new UnicoInputException($"{value} is not in the space ({p.Domain})", field: p.Name);
            x[i] = index;
        }
        return x;
    }

    /// <summary>The point a search vector stands for: each coordinate rounded to the nearest index and clamped to its bounds; fixed parameters as in the space.</summary>
    public DesignPoint Decode(ReadOnlySpan<double> x)
    {
        if (x.Length != FreeParameters.Length)
            throw new ArgumentException($"expected {FreeParameters.Length} coordinates, got {x.Length}", nameof(x));
        var free = new Dictionary<string, ParameterValue>(StringComparer.Ordinal);
        for (var i = 0; i < x.Length; i++)
        {
            var d = FreeParameters[i].Domain;
            var index = double.IsNaN(x[i]) ? 0 : (long)Math.Clamp(Math.Round(x[i], MidpointRounding.AwayFromZero), 0, d.Count - 1);
            free[FreeParameters[i].Name] = d.ValueAt(index);
        }
        return new DesignPoint(Parameters.Select(p => KeyValuePair.Create(p.Name, free.TryGetValue(p.Name, out var v) ? v : p.Domain.ValueAt(0))));
    }

    /// <summary>
    /// The point a vector of the unit cube stands for (for space-filling designs such as Sobol or
    /// Latin hypercube): coordinate u in [0, 1] picks value floor(u x count) of its domain, so a
    /// uniform u picks every value equally often.
    /// </summary>
    public DesignPoint DecodeUnit(ReadOnlySpan<double> u)
    {
        if (u.Length != FreeParameters.Length)
            throw new ArgumentException($"expected {FreeParameters.Length} coordinates, got {u.Length}", nameof(u));
        var x = new double[u.Length];
        for (var i = 0; i < u.Length; i++)
        {
            var count = FreeParameters[i].Domain.Count;
            var v = double.IsNaN(u[i]) ? 0 : Math.Clamp(u[i], 0, 1);
            x[i] = Math.Min(count - 1, Math.Floor(v * count));
        }
        return Decode(x);
    }

    /// <summary>The centre of the unit-cube cell <see cref="DecodeUnit"/> maps to the point: (index + 0.5) / count per coordinate.</summary>
    public double[] EncodeUnit(DesignPoint point)
    {
        var x = Encode(point);
        for (var i = 0; i < x.Length; i++) x[i] = (x[i] + 0.5) / FreeParameters[i].Domain.Count;
        return x;
    }

    /// <summary>
    /// Reads a design point (a flat JSON object, possibly partial) and checks it against the
    /// space: unknown parameters and values outside their domain are reported with their line;
    /// missing parameters take the default's values; then the limits are checked.
    /// </summary>
    public DesignPoint ParsePoint(string json, string? file = null)
    {
        using var source = JsonSource.Parse(json, file);
        var raw = DesignPoint.FromJson(source);
        foreach (var (key, value) in raw.Values)
        {
            if (!_byName.TryGetValue(key, out var p))
                throw source.Error(key, $"unknown parameter (parameters of space '{Name}': {string.Join(", ", Parameters.Select(q => q.Name))})");
            if (!p.Domain.Contains(value))
                throw source.Error(key, $"{value} is not in the space ({p.Domain})");
        }
        var point = Complete(raw);
        if (!TryBuild(point, out _, out var reason))
            throw new UnicoInputException($"not a valid design of space '{Name}': {reason}", file);
        return point;
    }

    /// <summary>Reads a design point file (see <see cref="ParsePoint"/>).</summary>
    public DesignPoint LoadPoint(string path) => ParsePoint(File.ReadAllText(path, Encoding.UTF8), path);

    /// <summary>Reads a design space from JSON text (format in docs/hardware.md).</summary>
    public static DesignSpace Parse(string json, string? file = null) => DesignSpaceReader.Read(json, file);

    /// <summary>Reads a design space file.</summary>
    public static DesignSpace Load(string path) => Parse(File.ReadAllText(path, Encoding.UTF8), path);

    /// <summary>True for a reference that is the space itself: a run config may give its space as its JSON object (an exported config carries a custom space so).</summary>
    public static bool IsInline(string reference) => reference is not null && reference.TrimStart().StartsWith('{');

    /// <summary>How a space reference is shown: a built-in's or an inline space's name, a file's name.</summary>
    public static string DisplayName(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (BuiltInSpaces.TryGet(reference, out var builtIn)) return builtIn.Name;
        if (IsInline(reference))
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(reference);
                return document.RootElement.TryGetProperty("name", out var name) && name.ValueKind == System.Text.Json.JsonValueKind.String ? name.GetString()! : "(inline space)";
            }
            catch (System.Text.Json.JsonException)
            {
                return "(inline space)";
            }
        }
        return reference.Contains('/', StringComparison.Ordinal) || reference.Contains('\\', StringComparison.Ordinal) ? Path.GetFileNameWithoutExtension(reference) : reference;
    }

    /// <summary>A built-in space by name (see <see cref="BuiltInSpaces"/>), an inline space (its JSON), or else a space file.</summary>
    public static DesignSpace Resolve(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (BuiltInSpaces.TryGet(nameOrPath, out var space)) return space;
        if (IsInline(nameOrPath)) return Parse(nameOrPath, null);
        if (File.Exists(nameOrPath)) return Load(nameOrPath);
        throw new UnicoInputException($"no built-in space of that name and no such file (built-in spaces: {string.Join(", ", BuiltInSpaces.Names)})", nameOrPath);
    }

    /// <summary>
    /// The space in its JSON format (every parameter listed, fixed ones as plain values). A space
    /// around a user's architecture carries the architecture, its tables and its constraint sets
    /// inline, so the text alone rebuilds it.
    /// </summary>
    public string ToJson()
    {
        if (Architecture is not null) return ArchitectureSpaceReader.ToJson(this).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var parameters = new JsonObject();
        foreach (var p in Parameters) parameters[p.Name] = DomainJson(p.Domain);
        var obj = new JsonObject { ["name"] = Name };
        if (Description.Length > 0) obj["description"] = Description;
        var names = new JsonObject();
        var defaultNames = new LevelNames();
        foreach (var key in LevelNames.Keys)
        {
            if (Names.Get(key) != defaultNames.Get(key)) names[key] = Names.Get(key);
        }
        if (names.Count > 0) obj["names"] = names;
        obj["parameters"] = parameters;
        var limits = new JsonObject();
        if (Constraints.MaxAreaMm2 is { } a) limits["max_area_mm2"] = a;
        if (Constraints.MaxPes is { } pes) limits["max_pes"] = pes;
        if (Constraints.MaxMacs is { } macs) limits["max_macs"] = macs;
        if (limits.Count > 0) obj["constraints"] = limits;
        obj["default"] = Default.ToJsonObject();
        return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    internal static JsonNode DomainJson(ParameterDomain d)
    {
        static JsonNode Value(ParameterValue v) => v.IsText ? JsonValue.Create(v.Text)! : JsonValue.Create(v.Number);
        return d.Kind switch
        {
            DomainKind.Fixed => Value(d.Listed[0]),
            DomainKind.IntegerRange => d.Step == 1 ? new JsonObject { ["min"] = d.Min, ["max"] = d.Max } : new JsonObject { ["min"] = d.Min, ["max"] = d.Max, ["step"] = d.Step },
            DomainKind.PowerOfTwo => new JsonObject { ["min"] = d.Min, ["max"] = d.Max, ["pow2"] = true },
            DomainKind.IntegerSet => new JsonObject { ["values"] = new JsonArray([.. d.Listed.Select(Value)]) },
            _ => new JsonObject { ["choices"] = new JsonArray([.. d.Listed.Select(Value)]) },
        };
    }

    internal static void CheckDomain(TemplateParameter template, ParameterDomain domain, string? source, Func<string, string, UnicoInputException>? error = null)
    {
        error ??= (suffix, message) => new UnicoInputException(message, source, field: template.Name + suffix);
        if (domain.IsCategorical != (template.Type == ParameterType.Category))
        {
            throw error("", template.Type == ParameterType.Category
                ? $"expected names ({string.Join(", ", template.Choices)}), got numbers"
                : "expected integers, got names");
        }
        switch (domain.Kind)
        {
            case DomainKind.IntegerRange or DomainKind.PowerOfTwo:
                if (template.Check(ParameterValue.Of(domain.Min)) is { } low) throw error(".min", low);
                if (template.Check(ParameterValue.Of(domain.Max)) is { } high) throw error(".max", high);
                break;
            default:
                for (var i = 0; i < domain.Listed.Length; i++)
                {
                    if (template.Check(domain.Listed[i]) is { } problem)
                    {
                        var suffix = domain.Kind switch
                        {
                            DomainKind.IntegerSet => $".values[{i}]",
                            DomainKind.Categorical => $".choices[{i}]",
                            _ => "",
                        };
                        throw error(suffix, problem);
                    }
                }
                break;
        }
    }

    internal static void CheckNames(LevelNames names, string? source)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in names.All())
        {
            if (string.IsNullOrWhiteSpace(n)) throw new UnicoInputException("level names must not be empty", source, field: "names");
            if (!seen.Add(n)) throw new UnicoInputException($"level name '{n}' is used twice", source, field: "names");
        }
    }

    private static UnicoInputException UnknownParameter(string name, string? source) =>
        new($"unknown parameter (template parameters: {string.Join(", ", HardwareParameters.Names)})", source, field: name);
}
