using System.Text;
using System.Text.Json;

namespace Unico.Engine;

/// <summary>
/// A parsed JSON file that remembers the line of every key and array element, so that errors
/// found after parsing can still name the line (System.Text.Json's DOM does not keep positions).
/// Paths look like <c>parameters.pe_rows.min</c> or <c>parameters.dataflow.choices[1]</c>.
/// </summary>
internal sealed class JsonSource : IDisposable
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = InputLimits.MaxDepth };
    private readonly Dictionary<string, int> _lines;
    private readonly JsonDocument _document;

    private JsonSource(string? file, JsonDocument document, Dictionary<string, int> lines)
    {
        File = file;
        _document = document;
        _lines = lines;
    }

    public string? File { get; }

    public JsonElement Root => _document.RootElement;

    /// <summary>
    /// Parses JSON text: at most <see cref="InputLimits.MaxChars"/> characters nested at most
    /// <see cref="InputLimits.MaxDepth"/> deep, every key unique and every string real text (an
    /// escaped lone surrogate such as <c>"\ud800"</c> is refused here, so reading strings later cannot fail).
    /// </summary>
    public static JsonSource Parse(string text, string? file)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > InputLimits.MaxChars) throw new UnicoInputException($"the text is larger than {InputLimits.MaxChars} characters", file);
        var bytes = Encoding.UTF8.GetBytes(text);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n') lineStarts.Add(i + 1);
        }
        int LineAt(long offset)
        {
            var index = lineStarts.BinarySearch((int)offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new List<Frame>();
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = InputLimits.MaxDepth });
            string pending = "";
            string ValuePath(long offset)
            {
                if (stack.Count == 0) return "";
                var top = stack[^1];
                if (!top.IsArray) return pending;
                var path = $"{top.Path}[{top.Index}]";
                lines.TryAdd(path, LineAt(offset));
                return path;
            }
            void AfterValue()
            {
                if (stack.Count > 0 && stack[^1].IsArray) stack[^1].Index++;
            }
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                    {
                        var name = Text(ref reader, stack[^1].Path, file, LineAt(reader.TokenStartIndex));
                        var parent = stack[^1].Path;
                        pending = parent.Length == 0 ? name : $"{parent}.{name}";
                        var line = LineAt(reader.TokenStartIndex);
                        if (!lines.TryAdd(pending, line))
                            throw new UnicoInputException($"duplicate key '{name}' (first at line {lines[pending]})", file, line, pending);
                        break;
                    }
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    {
                        var path = ValuePath(reader.TokenStartIndex);
                        stack.Add(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                        break;
                    }
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        AfterValue();
                        break;
                    default:
                        var at = ValuePath(reader.TokenStartIndex);
                        if (reader.TokenType == JsonTokenType.String) Text(ref reader, at, file, LineAt(reader.TokenStartIndex));
                        AfterValue();
                        break;
                }
            }
            return new JsonSource(file, JsonDocument.Parse(bytes, DocumentOptions), lines);
        }
        catch (JsonException e)
        {
            // The field is the object or list the syntax broke in (without list indexes, so a deep nest names its key).
            var inside = stack.Count == 0 ? "" : InputText.WithoutTrailingIndexes(stack[^1].Path);
            throw new UnicoInputException($"invalid JSON: {Clean(e.Message)}", file, e.LineNumber is { } l ? (int)l + 1 : null, inside.Length == 0 ? null : inside);
        }
    }

    // A string token's text; an escape that is no character (a lone surrogate) is an input error.
    private static string Text(ref Utf8JsonReader reader, string path, string? file, int line)
    {
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            throw new UnicoInputException(InputText.LoneSurrogateProblem, file, line, path.Length == 0 ? null : path);
        }
    }

    /// <summary>Line of a key or element, or of its nearest enclosing key; null for the root.</summary>
    public int? LineOf(string path)
    {
        while (path.Length > 0)
        {
            if (_lines.TryGetValue(path, out var line)) return line;
            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0) break;
            path = path[..cut];
        }
        return null;
    }

    public UnicoInputException Error(string path, string message) =>
        new(message, File, LineOf(path), path.Length == 0 ? null : path);

    public void Dispose() => _document.Dispose();

    private static string Clean(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var i = message.IndexOf(marker, StringComparison.Ordinal);
            if (i > 0) message = message[..i];
        }
        return message.TrimEnd();
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;
        public bool IsArray { get; } = isArray;
        public int Index { get; set; }
    }
}
