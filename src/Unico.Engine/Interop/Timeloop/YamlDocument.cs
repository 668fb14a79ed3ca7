using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Unico.Engine.Interop.Timeloop;

/// <summary>
/// A YAML file loaded with line information, and typed accessors whose errors name the file,
/// the line and the key at fault.
/// </summary>
internal sealed class YamlDocument
{
    private YamlDocument(string file, YamlNode root)
    {
        File = file;
        Root = root;
    }

    /// <summary>The file name used in error messages.</summary>
    public string File { get; }

    /// <summary>The document's root node.</summary>
    public YamlNode Root { get; }

    /// <summary>Loads a YAML file; malformed YAML becomes an <see cref="UnicoInputException"/> with its line.</summary>
    public static YamlDocument Load(string path)
    {
        if (!System.IO.File.Exists(path)) throw new UnicoInputException("file not found", path);
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>
    /// Parses YAML text; <paramref name="file"/> names it in errors. Before the document is built, a
    /// pass over the parser's events refuses what could exhaust the process (<see cref="YamlGuard"/>):
    /// nesting deeper than <see cref="InputLimits.MaxDepth"/>, more than <see cref="InputLimits.MaxYamlNodes"/>
    /// nodes with aliases expanded, collections as mapping keys, lone surrogates.
    /// </summary>
    public static YamlDocument Parse(TextReader reader, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var text = ReadBounded(reader, file);
        var stream = new YamlStream();
        try
        {
            YamlGuard.Check(text, file);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes "(Line: a, Col: b, Idx: c) - (...): "; the location is given separately.
            var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
            if (cut >= 0) message = message[(cut + 3)..];
            throw new UnicoInputException($"malformed YAML: {message}", file, (int)e.Start.Line);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // Some malformed inputs make the scanner fail without a position: find the last good one.
            throw new UnicoInputException("malformed YAML (unclosed bracket or quote?)", file, LastGoodLine(text));
        }
        if (stream.Documents.Count == 0) throw new UnicoInputException("file is empty", file);
        return new YamlDocument(file, stream.Documents[0].RootNode);
    }

    private static string ReadBounded(TextReader reader, string file)
    {
        var buffer = new char[81920];
        var text = new System.Text.StringBuilder();
        int n;
        while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, n);
            if (text.Length > InputLimits.MaxChars) throw new UnicoInputException($"the file is larger than {InputLimits.MaxChars} characters", file);
        }
        return text.ToString();
    }

    private static int LastGoodLine(string text)
    {
        var line = 1;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext()) line = (int)parser.Current!.End.Line;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // The position reached before the failure is what we report.
        }
        return line;
    }

    /// <summary>An error located at a node.</summary>
    public UnicoInputException Error(YamlNode node, string message, string? field = null) =>
        new(message, File, (int)node.Start.Line, field);

    /// <summary>The node as a mapping, or an error.</summary>
    public YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"expected a mapping (key: value pairs) for {what}", what);

    /// <summary>The node as a sequence, or an error.</summary>
    public YamlSequenceNode Sequence(YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw Error(node, $"expected a list for {what}", what);

    /// <summary>A child by key, or null.</summary>
    public static YamlNode? Find(YamlMappingNode map, string key)
    {
        foreach (var entry in map.Children)
        {
            if (entry.Key is YamlScalarNode k && string.Equals(k.Value, key, StringComparison.Ordinal)) return entry.Value;
        }
        return null;
    }

    /// <summary>A required child by key.</summary>
    public YamlNode Require(YamlMappingNode map, string key, string? context = null) =>
        Find(map, key) ?? throw Error(map, $"missing required key '{key}'{(context is null ? "" : $" in {context}")}", key);

    /// <summary>A scalar's text, or an error.</summary>
    public string Scalar(YamlNode node, string field) =>
        node is YamlScalarNode { Value: { } v } ? v : throw Error(node, "expected a single value", field);

    /// <summary>An optional string value.</summary>
    public string? OptionalString(YamlMappingNode map, string key) =>
        Find(map, key) is { } node ? Scalar(node, key) : null;

    /// <summary>A required string value.</summary>
    public string RequireString(YamlMappingNode map, string key, string? context = null) =>
        Scalar(Require(map, key, context), key);

    /// <summary>A number (integers, decimals, exponents); expressions are rejected with a clear error.</summary>
    public double Number(YamlNode node, string field)
    {
        var text = Scalar(node, field).Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        throw Error(node, $"expected a number, got '{text}' (expressions and variables are not supported; give the value)", field);
    }

    /// <summary>An integer value.</summary>
    public long Integer(YamlNode node, string field)
    {
        var value = Number(node, field);
        if (value != Math.Floor(value) || Math.Abs(value) > long.MaxValue / 2)
            throw Error(node, $"expected an integer, got '{Scalar(node, field)}'", field);
        return (long)value;
    }

    /// <summary>A boolean value (true/false/yes/no/1/0).</summary>
    public bool Boolean(YamlNode node, string field)
    {
        var text = Scalar(node, field).Trim().ToUpperInvariant();
        return text switch
        {
            "TRUE" or "YES" or "1" => true,
            "FALSE" or "NO" or "0" => false,
            _ => throw Error(node, $"expected true or false, got '{Scalar(node, field)}'", field),
        };
    }

    /// <summary>A list of names given as a YAML list or a single scalar.</summary>
    public IReadOnlyList<(string Name, YamlNode Node)> Names(YamlNode node, string field)
    {
        if (node is YamlScalarNode scalar)
            return string.IsNullOrEmpty(scalar.Value) ? [] : [(scalar.Value, node)];
        var list = new List<(string, YamlNode)>();
        foreach (var item in Sequence(node, field).Children) list.Add((Scalar(item, field), item));
        return list;
    }
}
