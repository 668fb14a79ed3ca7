using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Unico.Engine.Workloads;

/// <summary>
/// A JSON document read into a small tree whose every value and property knows its 1-based line,
/// so that validation errors can point into the file. Comments and trailing commas are allowed;
/// a repeated property name is an error.
/// </summary>
internal static class JsonTree
{
    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal abstract record Node(int Line)
    {
        /// <summary>How the value reads in an error message ("got ...").</summary>
        public abstract string Describe();
    }

    internal sealed record Property(string Name, int Line, Node Value);

    internal sealed record ObjectNode(int Line, IReadOnlyList<Property> Properties) : Node(Line)
    {
        public override string Describe() => "an object";
    }

    internal sealed record ArrayNode(int Line, IReadOnlyList<Node> Items) : Node(Line)
    {
        public override string Describe() => "a list";
    }

    internal enum ScalarKind { String, Number, True, False, Null }

    /// <summary>A string (unescaped text), number (its literal text), true, false or null.</summary>
    internal sealed record ScalarNode(int Line, ScalarKind Kind, string Text) : Node(Line)
    {
        public override string Describe() => Kind switch
        {
            ScalarKind.String => JsonSerializer.Serialize(Text, QuoteOptions),
            _ => Text,
        };
    }

    /// <summary>
    /// Parses UTF-8 JSON; <paramref name="file"/> names the input in errors. At most
    /// <see cref="InputLimits.MaxChars"/> bytes nested at most <see cref="InputLimits.MaxDepth"/> deep
    /// (the reader enforces it, which also bounds this parser's recursion); strings must be real text.
    /// </summary>
    public static Node Parse(ReadOnlySpan<byte> utf8, string file)
    {
        if (utf8.StartsWith(Encoding.UTF8.Preamble)) utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        if (utf8.Length > InputLimits.MaxChars) throw new UnicoInputException($"the file is larger than {InputLimits.MaxChars} bytes", file);
        var lines = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = InputLimits.MaxDepth });
        try
        {
            if (!reader.Read()) throw new UnicoInputException("the file is empty; expected a JSON object", file);
            var root = ReadValue(ref reader, lines, file);
            while (reader.Read()) { } // the reader throws on anything after the root value
            return root;
        }
        catch (JsonException e)
        {
            var detail = e.Message;
            var cut = detail.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut >= 0) detail = detail[..cut];
            int? line = e.LineNumber is { } l ? checked((int)l + 1) : null;
            var column = e.BytePositionInLine is { } b ? string.Create(CultureInfo.InvariantCulture, $" (column {b + 1})") : "";
            throw new UnicoInputException($"malformed JSON{column}: {detail}", file, line);
        }
    }

    private static Node ReadValue(ref Utf8JsonReader reader, List<long> lines, string file)
    {
        var line = LineOf(lines, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = new List<Property>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var nameLine = LineOf(lines, reader.TokenStartIndex);
                    var name = Text(ref reader, file, nameLine);
                    var earlier = properties.FirstOrDefault(p => p.Name == name);
                    if (earlier is not null)
                        throw new UnicoInputException($"'{name}' is given twice (first on line {earlier.Line})", file, nameLine);
                    reader.Read();
                    properties.Add(new Property(name, nameLine, ReadValue(ref reader, lines, file)));
                }
                return new ObjectNode(line, properties);
            case JsonTokenType.StartArray:
                var items = new List<Node>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(ReadValue(ref reader, lines, file));
                return new ArrayNode(line, items);
            case JsonTokenType.String:
                return new ScalarNode(line, ScalarKind.String, Text(ref reader, file, line));
            case JsonTokenType.Number:
                return new ScalarNode(line, ScalarKind.Number, Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.True:
                return new ScalarNode(line, ScalarKind.True, "true");
            case JsonTokenType.False:
                return new ScalarNode(line, ScalarKind.False, "false");
            case JsonTokenType.Null:
                return new ScalarNode(line, ScalarKind.Null, "null");
            default:
                throw new UnicoInputException($"unexpected JSON token {reader.TokenType}", file, line);
        }
    }

    // A string token's text; an escape that is no character (a lone surrogate) is an input error.
    private static string Text(ref Utf8JsonReader reader, string file, int line)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new UnicoInputException(InputText.LoneSurrogateProblem, file, line);
        }
    }

    private static List<long> LineStarts(ReadOnlySpan<byte> utf8)
    {
        var starts = new List<long> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n') starts.Add(i + 1);
        }
        return starts;
    }

    private static int LineOf(List<long> starts, long offset)
    {
        var i = starts.BinarySearch(offset);
        return (i >= 0 ? i : ~i - 1) + 1;
    }
}
