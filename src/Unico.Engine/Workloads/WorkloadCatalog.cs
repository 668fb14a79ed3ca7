namespace Unico.Engine.Workloads;

/// <summary>Finds a workload by built-in name or by file.</summary>
public static class WorkloadCatalog
{
    /// <summary>
    /// A built-in workload by name (see <see cref="WorkloadZoo.TryGet"/>: case and punctuation
    /// ignored), else a file: <c>.json</c> is a workload file (<see cref="WorkloadJson"/>),
    /// <c>.yaml</c>/<c>.yml</c> a Timeloop problem (<see cref="TimeloopWorkloadReader"/>); a file with
    /// another extension is read as JSON when it starts with <c>{</c>, else as Timeloop YAML.
    /// Throws <see cref="UnicoInputException"/> for a missing file or an unknown name (listing the built-ins).
    /// </summary>
    public static Workload Resolve(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        var text = nameOrPath.Trim();
        if (text.Length == 0) throw new UnicoInputException($"no workload given; {Choices}");
        if (IsInline(text)) return WorkloadJson.Parse(text, "inline workload");
        if (WorkloadZoo.TryGet(text, out var builtIn)) return builtIn;
        if (File.Exists(text))
        {
            var extension = Path.GetExtension(text).ToLowerInvariant();
            return extension switch
            {
                ".json" => WorkloadJson.Read(text),
                ".yaml" or ".yml" => TimeloopWorkloadReader.Read(text),
                _ => LooksLikeJson(text) ? WorkloadJson.Read(text) : TimeloopWorkloadReader.Read(text),
            };
        }
        if (Directory.Exists(text)) throw new UnicoInputException($"is a directory, not a workload file; {Choices}", text);
        if (LooksLikePath(text)) throw new UnicoInputException("workload file not found", text);
        throw new UnicoInputException($"unknown workload '{text}'; {Choices}");
    }

    /// <summary>
    /// True for a reference that is the workload itself: a run config may give a workload as its
    /// JSON object in place of a name or file (an exported config carries custom workloads so).
    /// </summary>
    public static bool IsInline(string reference) => reference is not null && reference.TrimStart().StartsWith('{');

    /// <summary>How a reference is shown: a built-in's or an inline workload's name, a file's name, else the reference.</summary>
    public static string DisplayName(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (WorkloadZoo.TryGet(reference, out var builtIn)) return builtIn.Name;
        if (IsInline(reference))
        {
            try
            {
                return WorkloadJson.Parse(reference, "inline workload").Name;
            }
            catch (UnicoInputException)
            {
                return "(inline workload)";
            }
        }
        return LooksLikePath(reference) ? Path.GetFileNameWithoutExtension(reference) : reference;
    }

    private static string Choices =>
        $"built-in workloads: {string.Join(", ", WorkloadZoo.Names)}; or give a workload .json file or a Timeloop problem .yaml file";

    private static bool LooksLikePath(string text) =>
        text.Contains('/', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal) || Path.HasExtension(text);

    private static bool LooksLikeJson(string path)
    {
        using var reader = new StreamReader(path);
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (!char.IsWhiteSpace((char)c) && c != '\uFEFF') return c == '{';
        }
        return false;
    }
}
