using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using static Unico.Engine.Workloads.JsonTree;

namespace Unico.Engine.Workloads;

/// <summary>
/// The workload file format (JSON). Reading validates everything and reports the file, line and
/// field at fault; writing produces a file that reads back to an equal workload. The format:
/// <code>
/// {
///   "name": "my-net",                       // required
///   "description": "...", "source": "...",  // optional
///   "layers": [                             // required, at least one
///     { "name": "conv1", "type": "conv2d",
///       "dims": { "C": 3, "M": 64, "R": 7, "S": 7, "P": 112, "Q": 112, "N": 1 },
///       "stride": 2, "dilation": 1, "repeat": 1 }
///   ]
/// }
/// </code>
/// <c>type</c> is conv2d (dims C M R S N P Q), depthwise (C R S N P Q), grouped (G C M R S N P Q,
/// C and M per group), fc (M N K: M batch rows, N outputs, K inputs) or matmul / gemm (M N K).
/// N of convolutions and M of fc default to 1; every other dimension is required. stride and
/// dilation (convolutions only) are a positive integer or [width, height]; repeat defaults to 1.
/// </summary>
public static class WorkloadJson
{
    private static readonly string[] TopFields = ["name", "description", "source", "layers"];
    private static readonly string[] LayerFields = ["name", "type", "dims", "stride", "dilation", "repeat"];

    /// <summary>Reads a workload file.</summary>
    public static Workload Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new UnicoInputException("workload file not found", path);
        }
        catch (DirectoryNotFoundException)
        {
            throw new UnicoInputException("workload file not found", path);
        }
        return Read(bytes, path);
    }

    /// <summary>Reads a workload from JSON text; <paramref name="name"/> names the input in errors.</summary>
    public static Workload Parse(string json, string name = "workload")
    {
        ArgumentNullException.ThrowIfNull(json);
        return Read(Encoding.UTF8.GetBytes(json), name);
    }

    private static Workload Read(byte[] utf8, string file)
    {
        var root = JsonTree.Parse(utf8, file);
        var top = AsObject(root, file, null, "a workload file must be a JSON object");
        CheckFields(top, TopFields, file, null);

        var name = RequiredString(top, "name", file, null);
        var description = OptionalString(top, "description", file, null) ?? "";
        var source = OptionalString(top, "source", file, null) ?? "";
        var layersNode = Get(top, "layers") ?? throw new UnicoInputException("missing; a workload lists its layers", file, top.Line, "layers");
        if (layersNode is not ArrayNode list)
            throw new UnicoInputException($"must be a list of layers, got {layersNode.Describe()}", file, layersNode.Line, "layers");
        if (list.Items.Count == 0) throw new UnicoInputException("must list at least one layer", file, list.Line, "layers");

        var layers = ImmutableArray.CreateBuilder<Layer>(list.Items.Count);
        var seen = new Dictionary<string, (int Index, int Line)>(StringComparer.Ordinal);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var at = $"layers[{i}]";
            var layer = AsObject(list.Items[i], file, at, "a layer must be a JSON object");
            var nameNode = Get(layer, "name");
            var layerName = RequiredString(layer, "name", file, at);
            if (seen.TryGetValue(layerName, out var first))
                throw new UnicoInputException($"duplicate layer name '{layerName}' (also layers[{first.Index}], line {first.Line})", file, nameNode!.Line, $"{at}.name");
            seen[layerName] = (i, nameNode!.Line);
            layers.Add(ReadLayer(layer, layerName, file, at));
        }
        return new Workload(name, description, source, layers.MoveToImmutable());
    }

    private static Layer ReadLayer(ObjectNode layer, string name, string file, string at)
    {
        CheckFields(layer, LayerFields, file, at);
        var typeNode = Get(layer, "type") ?? throw new UnicoInputException($"missing; one of {string.Join(", ", LayerKinds.FileTypes)}", file, layer.Line, $"{at}.type");
        if (typeNode is not ScalarNode { Kind: ScalarKind.String } typeScalar || !LayerKinds.TryParse(typeScalar.Text, out var kind))
            throw new UnicoInputException($"unknown layer type {typeNode.Describe()}; expected one of {string.Join(", ", LayerKinds.FileTypes)}", file, typeNode.Line, $"{at}.type");

        var dimsNode = Get(layer, "dims") ?? throw new UnicoInputException($"missing; type {kind.Label()} needs {DimensionList(kind)}", file, layer.Line, $"{at}.dims");
        var dims = AsObject(dimsNode, file, $"{at}.dims", "must be an object of dimension sizes");
        var names = kind.Dimensions();
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in dims.Properties)
        {
            if (!names.Contains(p.Name))
                throw new UnicoInputException($"unknown dimension '{p.Name}' for type {kind.Label()}; expected {DimensionList(kind)}", file, p.Line, $"{at}.dims.{p.Name}");
            sizes[p.Name] = PositiveInt(p.Value, file, $"{at}.dims.{p.Name}");
        }
        foreach (var d in names)
        {
            if (!sizes.ContainsKey(d) && !Layer.DefaultsToOne(kind, d))
                throw new UnicoInputException($"missing dimension '{d}'; type {kind.Label()} needs {DimensionList(kind)}", file, dims.Line, $"{at}.dims");
        }

        var stride = ReadPair(layer, "stride", kind, file, at);
        var dilation = ReadPair(layer, "dilation", kind, file, at);
        var repeat = Get(layer, "repeat") is { } r ? PositiveInt(r, file, $"{at}.repeat") : 1;
        try
        {
            return Layer.Create(name, kind, sizes, stride, dilation, repeat);
        }
        catch (UnicoInputException e) when (e.File is null)
        {
            // Sizes that overflow what one layer may hold: name the layer's field in the file.
            var field = e.Field is { } f && sizes.ContainsKey(f) ? $"{at}.dims.{f}" : e.Field == "repeat" ? $"{at}.repeat" : $"{at}.dims";
            throw new UnicoInputException(e.Detail, file, dims.Line, field);
        }
    }

    private static Spatial2D? ReadPair(ObjectNode layer, string field, LayerKind kind, string file, string at)
    {
        if (Get(layer, field) is not { } node) return null;
        var where = $"{at}.{field}";
        if (!kind.IsConvolution())
            throw new UnicoInputException($"type {kind.Label()} has no {field}; {field} applies to conv2d, depthwise and grouped layers", file, node.Line, where);
        if (node is ArrayNode pair)
        {
            if (pair.Items.Count != 2)
                throw new UnicoInputException($"must be a positive integer or [width, height], got a list of {pair.Items.Count}", file, pair.Line, where);
            return new Spatial2D(PositiveInt(pair.Items[0], file, $"{where}[0]"), PositiveInt(pair.Items[1], file, $"{where}[1]"));
        }
        return Spatial2D.Square(PositiveInt(node, file, where));
    }

    private static int PositiveInt(Node node, string file, string field)
    {
        if (node is ScalarNode { Kind: ScalarKind.Number } n
            && int.TryParse(n.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v > 0)
            return v;
        throw new UnicoInputException($"must be a positive integer, got {node.Describe()}", file, node.Line, field);
    }

    private static ObjectNode AsObject(Node node, string file, string? field, string expected) =>
        node as ObjectNode ?? throw new UnicoInputException($"{expected}, got {node.Describe()}", file, node.Line, field);

    private static void CheckFields(ObjectNode obj, string[] allowed, string file, string? at)
    {
        foreach (var p in obj.Properties)
        {
            if (!allowed.Contains(p.Name))
                throw new UnicoInputException($"unknown field; expected {string.Join(", ", allowed)}", file, p.Line, Path(at, p.Name));
        }
    }

    private static Node? Get(ObjectNode obj, string name) => obj.Properties.FirstOrDefault(p => p.Name == name)?.Value;

    private static string RequiredString(ObjectNode obj, string field, string file, string? at)
    {
        var node = Get(obj, field) ?? throw new UnicoInputException("missing", file, obj.Line, Path(at, field));
        if (node is ScalarNode { Kind: ScalarKind.String } s && !string.IsNullOrWhiteSpace(s.Text)) return s.Text;
        throw new UnicoInputException($"must be a non-empty string, got {node.Describe()}", file, node.Line, Path(at, field));
    }

    private static string? OptionalString(ObjectNode obj, string field, string file, string? at)
    {
        var node = Get(obj, field);
        if (node is null || node is ScalarNode { Kind: ScalarKind.Null }) return null;
        if (node is ScalarNode { Kind: ScalarKind.String } s) return s.Text;
        throw new UnicoInputException($"must be a string, got {node.Describe()}", file, node.Line, Path(at, field));
    }

    private static string Path(string? at, string field) => at is null ? field : $"{at}.{field}";

    private static string DimensionList(LayerKind kind)
    {
        var names = kind.Dimensions();
        var required = names.Where(d => !Layer.DefaultsToOne(kind, d)).ToList();
        var optional = names.Where(d => Layer.DefaultsToOne(kind, d)).ToList();
        return string.Join(", ", required) + (optional.Count == 0 ? "" : $" (and optionally {string.Join(", ", optional)}, default 1)");
    }

    /// <summary>
    /// The workload as JSON text, one layer per line, all dimensions written out; stride, dilation
    /// and repeat only when not 1. Throws <see cref="UnicoInputException"/> for a
    /// <see cref="LayerKind.Custom"/> layer, which the format cannot express.
    /// </summary>
    public static string Write(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var w = new StringBuilder();
        w.Append("{\n");
        w.Append("  \"name\": ").Append(Quote(workload.Name)).Append(",\n");
        w.Append("  \"description\": ").Append(Quote(workload.Description)).Append(",\n");
        w.Append("  \"source\": ").Append(Quote(workload.Source)).Append(",\n");
        w.Append("  \"layers\": [\n");
        for (var i = 0; i < workload.Layers.Length; i++)
        {
            var layer = workload.Layers[i];
            if (layer.Kind == LayerKind.Custom)
                throw new UnicoInputException($"layer '{layer.Name}' has the problem shape '{layer.Problem.Shape.Name}', which the workload format cannot express (it writes conv2d, depthwise, grouped, fc and matmul layers)", field: layer.Name);
            w.Append("    { \"name\": ").Append(Quote(layer.Name)).Append(", \"type\": ").Append(Quote(layer.Kind.Label())).Append(", \"dims\": { ");
            for (var d = 0; d < layer.Dimensions.Length; d++)
            {
                if (d > 0) w.Append(", ");
                w.Append(Quote(layer.Dimensions[d])).Append(": ").Append(layer.Problem.Bounds[d].ToString(CultureInfo.InvariantCulture));
            }
            w.Append(" }");
            if (layer.Stride != Spatial2D.One) w.Append(", \"stride\": ").Append(Pair(layer.Stride));
            if (layer.Dilation != Spatial2D.One) w.Append(", \"dilation\": ").Append(Pair(layer.Dilation));
            if (layer.Repeat != 1) w.Append(", \"repeat\": ").Append(layer.Repeat.ToString(CultureInfo.InvariantCulture));
            w.Append(" }").Append(i + 1 < workload.Layers.Length ? ",\n" : "\n");
        }
        w.Append("  ]\n}\n");
        return w.ToString();
    }

    /// <summary>Writes the workload to a file (see <see cref="Write(Workload)"/>).</summary>
    public static void Write(Workload workload, string path) => File.WriteAllText(path, Write(workload));

    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Quote(string text) => JsonSerializer.Serialize(text, QuoteOptions);

    private static string Pair(Spatial2D pair) => pair.IsSquare
        ? pair.W.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"[{pair.W}, {pair.H}]");
}
