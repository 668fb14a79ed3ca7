using System.Collections.Immutable;
using System.Globalization;
using Unico.Engine.CostModel;
using YamlDotNet.RepresentationModel;

namespace Unico.Engine.Interop.Timeloop;

/// <summary>
/// Reads a Timeloop problem (v0.4 and earlier layouts): <c>problem: { shape: { dimensions,
/// coefficients, data_spaces }, instance: { ... } }</c>. Instance keys that are neither
/// dimensions nor coefficients (e.g. H, W, Hpad) are ignored, as Timeloop ignores them.
/// </summary>
public static class TimeloopProblemReader
{
    /// <summary>Reads a problem file.</summary>
    public static Problem Read(string path) => Read(YamlDocument.Load(path));

    /// <summary>Reads a problem from YAML text; <paramref name="name"/> names it in errors.</summary>
    public static Problem Parse(string yaml, string name = "problem") => Read(YamlDocument.Parse(new StringReader(yaml), name));

    internal static Problem Read(YamlDocument doc)
    {
        var root = doc.Mapping(doc.Root, "problem file");
        var problem = doc.Mapping(YamlDocument.Find(root, "problem") ?? root, "problem");
        var shapeNode = doc.Mapping(doc.Require(problem, "shape", "problem"), "shape");
        var instance = doc.Mapping(doc.Require(problem, "instance", "problem"), "instance");

        var shapeName = doc.OptionalString(shapeNode, "name") ?? "problem";
        var dimensions = new List<string>();
        foreach (var (name, node) in doc.Names(doc.Require(shapeNode, "dimensions", "shape"), "dimensions"))
        {
            if (dimensions.Contains(name)) throw doc.Error(node, $"dimension '{name}' is listed twice", "dimensions");
            dimensions.Add(name);
        }
        if (dimensions.Count == 0) throw doc.Error(shapeNode, "shape has no dimensions", "dimensions");

        // Coefficients: declared defaults, overridden by the instance.
        var coefficients = new Dictionary<string, int>(StringComparer.Ordinal);
        if (YamlDocument.Find(shapeNode, "coefficients") is { } coeffList)
        {
            foreach (var item in doc.Sequence(coeffList, "coefficients").Children)
            {
                var c = doc.Mapping(item, "coefficient");
                var cname = doc.RequireString(c, "name", "coefficient");
                var value = YamlDocument.Find(c, "default") is { } d ? doc.Integer(d, cname) : 1;
                coefficients[cname] = checked((int)value);
            }
        }

        var bounds = new int[dimensions.Count];
        var seen = new bool[dimensions.Count];
        foreach (var entry in instance.Children)
        {
            var key = doc.Scalar(entry.Key, "instance");
            var dim = dimensions.IndexOf(key);
            if (dim >= 0)
            {
                var size = doc.Integer(entry.Value, key);
                if (size <= 0 || size > int.MaxValue)
                    throw doc.Error(entry.Value, $"dimension size must be a positive integer, got {size}", key);
                bounds[dim] = (int)size;
                seen[dim] = true;
            }
            else if (coefficients.ContainsKey(key))
            {
                var value = doc.Integer(entry.Value, key);
                if (value <= 0) throw doc.Error(entry.Value, $"coefficient must be a positive integer, got {value}", key);
                coefficients[key] = (int)value;
            }
        }
        for (var i = 0; i < dimensions.Count; i++)
        {
            if (!seen[i]) throw doc.Error(instance, $"instance gives no size for dimension '{dimensions[i]}'", dimensions[i]);
        }

        var spaces = ImmutableArray.CreateBuilder<DataSpace>();
        // Timeloop's files spell it both ways: data_spaces (v0.4) and data-spaces (older problem files).
        var dataSpaces = Spelled(doc, shapeNode, "data_spaces", "data-spaces")
            ?? throw doc.Error(shapeNode, "missing required key 'data_spaces' (or 'data-spaces') in shape", "data_spaces");
        foreach (var item in doc.Sequence(dataSpaces, "data_spaces").Children)
        {
            var ds = doc.Mapping(item, "data space");
            var dsName = doc.RequireString(ds, "name", "data space");
            if (spaces.Any(s => s.Name == dsName)) throw doc.Error(ds, $"data space '{dsName}' is defined twice", "name");
            var readWrite = Spelled(doc, ds, "read_write", "read-write") is { } rw && doc.Boolean(rw, "read_write");
            var axes = ReadProjection(doc, doc.Require(ds, "projection", $"data space {dsName}"), dimensions, coefficients, dsName);
            spaces.Add(new DataSpace(dsName, axes, readWrite));
        }
        if (spaces.Count == 0) throw doc.Error(shapeNode, "shape has no data spaces", "data_spaces");

        var result = new Problem(new ProblemShape(shapeName, [.. dimensions], spaces.ToImmutable()), [.. bounds]);
        result.Validate(doc.File);
        return result;
    }

    // A key that may be written with an underscore or a hyphen; both at once is ambiguous.
    private static YamlNode? Spelled(YamlDocument doc, YamlMappingNode map, string underscore, string hyphen)
    {
        var a = YamlDocument.Find(map, underscore);
        var b = YamlDocument.Find(map, hyphen);
        if (a is not null && b is not null) throw doc.Error(b, $"'{underscore}' and '{hyphen}' are the same key: give one", underscore);
        return a ?? b;
    }

    private static ImmutableArray<ImmutableArray<ProjectionTerm>> ReadProjection(
        YamlDocument doc, YamlNode node, List<string> dimensions, Dictionary<string, int> coefficients, string space)
    {
        if (node is YamlScalarNode scalar) return ParseProjectionExpression(doc, scalar, dimensions, coefficients, space);
        var axes = ImmutableArray.CreateBuilder<ImmutableArray<ProjectionTerm>>();
        foreach (var axisNode in doc.Sequence(node, "projection").Children)
        {
            var terms = ImmutableArray.CreateBuilder<ProjectionTerm>();
            // An axis is a list of terms; a bare name or [name] is a one-term axis.
            var termNodes = axisNode switch
            {
                YamlScalarNode => [axisNode],
                YamlSequenceNode seq when seq.Children.Count > 0 && seq.Children[0] is YamlScalarNode => [seq],
                YamlSequenceNode seq => seq.Children.ToList(),
                _ => throw doc.Error(axisNode, "expected a projection axis: a list of [dimension, coefficient] terms", space),
            };
            foreach (var termNode in termNodes)
            {
                var parts = termNode is YamlSequenceNode ts ? ts.Children.Select(c => doc.Scalar(c, space)).ToList() : [doc.Scalar(termNode, space)];
                string? dimName = null;
                long coefficient = 1;
                foreach (var part in parts)
                {
                    if (dimensions.Contains(part))
                    {
                        if (dimName is not null) throw doc.Error(termNode, $"a projection term names two dimensions ({dimName}, {part})", space);
                        dimName = part;
                    }
                    else if (coefficients.TryGetValue(part, out var cv)) coefficient *= cv;
                    else if (long.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var lit) && lit > 0) coefficient *= lit;
                    else throw doc.Error(termNode, $"unknown dimension or coefficient '{part}' in the projection of {space} (dimensions: {string.Join(", ", dimensions)})", space);
                }
                if (dimName is null) throw doc.Error(termNode, $"a projection term of {space} names no dimension", space);
                terms.Add(new ProjectionTerm(dimensions.IndexOf(dimName), checked((int)coefficient)));
            }
            axes.Add(terms.ToImmutable());
        }
        if (axes.Count == 0) throw doc.Error(node, $"data space {space} has an empty projection", space);
        return axes.ToImmutable();
    }

    // The string form: "[ N, C, R*Wdilation + P*Wstride, S + Q*Hstride ]".
    private static ImmutableArray<ImmutableArray<ProjectionTerm>> ParseProjectionExpression(
        YamlDocument doc, YamlScalarNode node, List<string> dimensions, Dictionary<string, int> coefficients, string space)
    {
        var text = (node.Value ?? "").Trim().TrimStart('[').TrimEnd(']');
        var axes = ImmutableArray.CreateBuilder<ImmutableArray<ProjectionTerm>>();
        foreach (var axisText in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var terms = ImmutableArray.CreateBuilder<ProjectionTerm>();
            foreach (var termText in axisText.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string? dimName = null;
                long coefficient = 1;
                foreach (var factor in termText.Split('*', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (dimensions.Contains(factor)) dimName = dimName is null ? factor : throw doc.Error(node, $"term '{termText}' names two dimensions", space);
                    else if (coefficients.TryGetValue(factor, out var cv)) coefficient *= cv;
                    else if (long.TryParse(factor, NumberStyles.Integer, CultureInfo.InvariantCulture, out var lit) && lit > 0) coefficient *= lit;
                    else throw doc.Error(node, $"unknown dimension or coefficient '{factor}' in the projection of {space}", space);
                }
                if (dimName is null) throw doc.Error(node, $"term '{termText}' names no dimension", space);
                terms.Add(new ProjectionTerm(dimensions.IndexOf(dimName), checked((int)coefficient)));
            }
            axes.Add(terms.ToImmutable());
        }
        if (axes.Count == 0) throw doc.Error(node, $"data space {space} has an empty projection", space);
        return axes.ToImmutable();
    }
}
