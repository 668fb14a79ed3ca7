using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Unico.Engine.Interop.Timeloop;

/// <summary>
/// One pass over a YAML text's parser events (the parser keeps its own stack, so it does not
/// recurse) that refuses, before any node is built, what would make building or walking the
/// document exhaust the process: nesting deeper than <see cref="InputLimits.MaxDepth"/> (YamlDotNet
/// builds nodes recursively: 100,000 <c>[</c> overflow the stack), more than
/// <see cref="InputLimits.MaxYamlNodes"/> nodes once every alias is expanded (nested anchors
/// multiply: ten levels of nine aliases stand for 9^10 nodes), a list or mapping used as a mapping
/// key (hashing such keys walks them), and scalars holding lone UTF-16 surrogates.
/// </summary>
internal static class YamlGuard
{
    /// <summary>Throws <see cref="UnicoInputException"/> naming the file, line and key path at fault.</summary>
    public static void Check(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        var frames = new List<Frame>();
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        long expanded = 0;
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            switch (e)
            {
                case DocumentStart:
                    anchors.Clear();
                    break;
                case MappingStart or SequenceStart:
                    Child(frames, e, collection: true, key: null, file);
                    if (frames.Count >= InputLimits.MaxDepth)
                        throw Error(frames, e, file, $"nesting deeper than {InputLimits.MaxDepth} levels");
                    frames.Add(new Frame(e is MappingStart, ((NodeEvent)e).Anchor, expanded));
                    expanded++;
                    break;
                case MappingEnd or SequenceEnd:
                    var done = frames[^1];
                    frames.RemoveAt(frames.Count - 1);
                    if (!done.Anchor.IsEmpty) anchors[done.Anchor.Value] = expanded - done.Start;
                    break;
                case Scalar scalar:
                    if (InputText.LoneSurrogate(scalar.Value) >= 0)
                        throw Error(frames, e, file, InputText.LoneSurrogateProblem);
                    Child(frames, e, collection: false, scalar.Value, file);
                    expanded++;
                    if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor.Value] = 1;
                    break;
                case AnchorAlias alias:
                    Child(frames, e, collection: true, key: null, file);
                    expanded += anchors.GetValueOrDefault(alias.Value.Value, 1);
                    break;
            }
            if (expanded > InputLimits.MaxYamlNodes)
                throw Error(frames, e, file, $"the document stands for more than {InputLimits.MaxYamlNodes:N0} nodes once its aliases (*name) are expanded");
        }
    }

    // A node enters its parent: as a mapping key it must be a plain value.
    private static void Child(List<Frame> frames, ParsingEvent e, bool collection, string? key, string file)
    {
        if (frames.Count == 0) return;
        var parent = frames[^1];
        if (parent.IsMapping && parent.ExpectsKey)
        {
            if (collection) throw Error(frames, e, file, "a mapping key must be a plain value, not a list, a mapping or an alias");
            parent.Key = key;
        }
        else if (!parent.IsMapping) parent.Index++;
        if (parent.IsMapping) parent.ExpectsKey = !parent.ExpectsKey;
    }

    private static UnicoInputException Error(List<Frame> frames, ParsingEvent e, string file, string message)
    {
        var path = new System.Text.StringBuilder();
        foreach (var f in frames)
        {
            if (f.IsMapping && f.Key is { } key) path.Append(path.Length == 0 ? key : "." + key);
            else if (!f.IsMapping && f.Index > 0) path.Append('[').Append(f.Index - 1).Append(']');
        }
        var field = InputText.WithoutTrailingIndexes(path.ToString());
        return new UnicoInputException(message, file, (int)e.Start.Line, field.Length == 0 ? null : field);
    }

    private sealed class Frame(bool isMapping, AnchorName anchor, long start)
    {
        public bool IsMapping { get; } = isMapping;
        public AnchorName Anchor { get; } = anchor;
        public long Start { get; } = start;
        public bool ExpectsKey { get; set; } = true;
        public string? Key { get; set; }
        public int Index { get; set; }
    }
}
