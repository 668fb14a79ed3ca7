using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Unico.Engine.CoSearch;

/// <summary>A (training, held-out) pair of network sets of a benchmark matrix.</summary>
/// <param name="Name">Label of the split in reports and directory names.</param>
/// <param name="Training">Workloads searched on.</param>
/// <param name="HeldOut">Workloads the final designs are tested on.</param>
public sealed record NetworkSplit(string Name, IReadOnlyList<string> Training, IReadOnlyList<string> HeldOut);

/// <summary>One cell of a benchmark matrix: a design space and a split, run as one comparison.</summary>
/// <param name="Space">Label of the design space (a built-in name or the file's name without extension).</param>
/// <param name="Split">The networks.</param>
/// <param name="Comparison">Every contestant and seed on this space and split.</param>
public sealed record MatrixCell(string Space, NetworkSplit Split, ComparisonConfig Comparison)
{
    /// <summary>"space / split".</summary>
    public string Name => $"{Space} / {Split.Name}";

    /// <summary>The cell's directory, relative to the matrix output: space/split.</summary>
    public string RelativeDirectory => Path.Combine(Space, Split.Name);
}

/// <summary>A benchmark matrix: design spaces x network splits, each cell a comparison with the same contestants, seeds and budgets.</summary>
/// <param name="Name">Matrix name.</param>
/// <param name="Source">The file it was read from, or null.</param>
/// <param name="Cells">Cells, space-major in the order listed.</param>
public sealed record MatrixConfig(string Name, string? Source, IReadOnlyList<MatrixCell> Cells);

/// <summary>A finished cell.</summary>
/// <param name="Cell">The cell.</param>
/// <param name="Result">Its comparison.</param>
public sealed record MatrixCellResult(MatrixCell Cell, ComparisonResult Result);

/// <summary>
/// The benchmark matrix of docs/benchmarks.md: reads a matrix file and runs every cell as a
/// <see cref="Comparison"/>. A matrix file holds the keys of a comparison config except
/// <c>space</c> and <c>workloads</c>, plus <c>spaces</c> (built-in names or files relative to the
/// matrix file) and <c>splits</c> (each { name, training, held_out, optional budget }); every cell
/// gets the same contestants, seeds, full budget and mapper, and the matrix's budget unless its
/// split sets one (budgets scale with a split's distinct layers).
/// </summary>
public static class BenchmarkMatrix
{
    /// <summary>The file a matrix directory holds.</summary>
    public const string FileName = "matrix.json";

    private static readonly string[] MatrixKeys = ["spaces", "splits"];
    private static readonly string[] SplitKeys = ["name", "training", "held_out", "budget"];

    /// <summary>Reads a matrix from a file, or from <see cref="FileName"/> in a directory.</summary>
    public static MatrixConfig ReadConfig(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file)) throw new UnicoInputException(Directory.Exists(path) ? $"the directory has no {FileName}" : "file not found", file);
        return ParseConfig(File.ReadAllText(file, Encoding.UTF8), file, Path.GetDirectoryName(file));
    }

    /// <summary>Parses a matrix; space files are looked up relative to <paramref name="baseDirectory"/> first.</summary>
    public static MatrixConfig ParseConfig(string json, string? file = "matrix", string? baseDirectory = null)
    {
        using var src = JsonSource.Parse(json, file);
        var root = src.Root;
        if (root.ValueKind != JsonValueKind.Object) throw src.Error("", "a matrix must be a JSON object");
        foreach (var forbidden in new[] { "space", "workloads" })
        {
            if (root.TryGetProperty(forbidden, out _))
                throw src.Error(forbidden, "a matrix sets spaces and splits (its cells), not one space or one set of workloads");
        }
        var spaces = Strings(src, root, "spaces");
        var splits = Splits(src, root);
        var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "matrix";

        var shared = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
        foreach (var key in MatrixKeys) shared.Remove(key);
        var cells = new List<MatrixCell>();
        foreach (var (space, spaceIndex) in spaces.Select((s, i) => (s, i)))
        {
            var resolved = baseDirectory is not null && File.Exists(Path.Combine(baseDirectory, space)) ? Path.Combine(baseDirectory, space) : space;
            var label = File.Exists(resolved) ? Path.GetFileNameWithoutExtension(resolved) : space;
            if (cells.Any(c => c.Space == label)) throw src.Error($"spaces[{spaceIndex}]", $"space '{label}' is listed twice");
            foreach (var (split, budget) in splits)
            {
                var cell = (JsonObject)shared.DeepClone();
                cell["name"] = $"{name}-{label}-{split.Name}";
                cell["space"] = resolved;
                cell["workloads"] = new JsonObject
                {
                    ["training"] = new JsonArray([.. split.Training.Select(w => JsonValue.Create(w))]),
                    ["held_out"] = new JsonArray([.. split.HeldOut.Select(w => JsonValue.Create(w))]),
                };
                if (budget is not null) cell["budget"] = budget.DeepClone();
                ComparisonConfig comparison;
                try
                {
                    comparison = ComparisonConfigJson.Parse(cell.ToJsonString(), file);
                }
                catch (UnicoInputException e) when (e.Field is not null)
                {
                    // Shared keys have the same path in the matrix file: report the matrix's line.
                    throw src.Error(e.Field, $"{e.Detail} (cell {label} / {split.Name})");
                }
                cells.Add(new MatrixCell(label, split, comparison));
            }
        }
        return new MatrixConfig(name, file, cells);
    }

    /// <summary>
    /// Runs every cell in turn (each run uses every core) and scores the matrix.
    /// </summary>
    /// <param name="config">The matrix.</param>
    /// <param name="runDirectory">Where each run's files and checkpoint go (one sub-directory per cell, contestant and seed; a rerun resumes), or null.</param>
    /// <param name="progress">Called with each finished run's label and result.</param>
    /// <param name="cellFinished">Called with each finished cell.</param>
    /// <param name="cancellationToken">Stops the matrix.</param>
    public static MatrixResult Run(MatrixConfig config, string? runDirectory = null, Action<string, CoSearchResult>? progress = null,
        Action<MatrixCellResult>? cellFinished = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var results = new List<MatrixCellResult>();
        foreach (var cell in config.Cells)
        {
            var directory = runDirectory is null ? null : Path.Combine(runDirectory, cell.RelativeDirectory);
            var result = Comparison.Run(cell.Comparison, directory, (label, run) => progress?.Invoke($"{cell.Name}: {label}", run), cancellationToken);
            var finished = new MatrixCellResult(cell, result);
            cellFinished?.Invoke(finished);
            results.Add(finished);
        }
        return MatrixResult.Score(config, results);
    }

    private static List<string> Strings(JsonSource src, JsonElement node, string key, string? parent = null)
    {
        var path = parent is null ? key : $"{parent}.{key}";
        if (!node.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            throw src.Error(path, "give a non-empty list of names");
        var values = new List<string>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } value)
                throw src.Error($"{path}[{i}]", "expected a non-empty string");
            values.Add(value);
            i++;
        }
        return values;
    }

    private static List<(NetworkSplit Split, JsonNode? Budget)> Splits(JsonSource src, JsonElement root)
    {
        if (!root.TryGetProperty("splits", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            throw src.Error("splits", "give a non-empty list of { \"name\", \"training\", \"held_out\" }");
        var splits = new List<(NetworkSplit, JsonNode?)>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"splits[{i++}]";
            if (item.ValueKind != JsonValueKind.Object) throw src.Error(path, "expected { \"name\", \"training\", \"held_out\" }");
            foreach (var p in item.EnumerateObject())
            {
                if (!SplitKeys.Contains(p.Name, StringComparer.Ordinal))
                    throw src.Error($"{path}.{p.Name}", $"unknown key (expected: {string.Join(", ", SplitKeys)})");
            }
            var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 } s
                ? s : throw src.Error($"{path}.name", "give the split a name");
            if (name.IndexOfAny([.. Path.GetInvalidFileNameChars(), '/', '\\']) >= 0) throw src.Error($"{path}.name", "a split name must be usable as a directory name");
            if (splits.Any(x => x.Item1.Name == name)) throw src.Error($"{path}.name", $"split '{name}' is listed twice");
            var training = Strings(src, item, "training", path);
            var heldOut = Strings(src, item, "held_out", path);
            var budget = item.TryGetProperty("budget", out var b) ? JsonNode.Parse(b.GetRawText()) : null;
            splits.Add((new NetworkSplit(name, training, heldOut), budget));
        }
        return splits;
    }
}
