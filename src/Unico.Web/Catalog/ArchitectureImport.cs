using System.Text.Json;
using System.Text.Json.Nodes;
using Unico.Engine;
using Unico.Engine.Hardware;

namespace Unico.Web.Catalog;

/// <summary>A file a user uploaded: its name (no folders) and its text.</summary>
/// <param name="Name">The file's name as the browser gave it.</param>
/// <param name="Text">Its content.</param>
public sealed record UploadedFile(string Name, string Text);

/// <summary>
/// Imports a design space built from a Timeloop architecture (docs/hardware.md, "Your own
/// architecture") from its files as a user uploads them: the parameter file (the one <c>.json</c>)
/// and the YAML files it names (<c>architecture</c>, <c>ert</c>, <c>art</c>, constraint sets). A
/// reference is matched by its file name, so <c>"architecture": "ws-regs/arch.yaml"</c> takes the
/// uploaded <c>arch.yaml</c>. The engine reads the files as <c>unico spaces show</c> does; the space
/// is stored self-contained (every file inline), so runs and workers need nothing else.
/// </summary>
public sealed class ArchitectureImport(CatalogService catalog)
{
    /// <summary>Reads, validates and stores the space; errors name the uploaded file, line and key.</summary>
    public async Task<DesignSpace> ImportAsync(IReadOnlyList<UploadedFile> files, CancellationToken cancellationToken = default)
    {
        var space = Read(files);
        return await catalog.SaveSpaceAsync(space.ToJson(), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The space the files describe (not stored).</summary>
    public static DesignSpace Read(IReadOnlyList<UploadedFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var f in files)
        {
            if (f.Name.Length == 0 || f.Name != Path.GetFileName(f.Name) || f.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || f.Name is "." or "..")
                throw new UnicoInputException($"'{f.Name}' is not a plain file name", field: "files");
        }
        var parameterFiles = files.Where(f => f.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).ToList();
        if (parameterFiles.Count != 1)
            throw new UnicoInputException($"expected one parameter file (.json) with the architecture's YAML files, got {parameterFiles.Count} .json file(s)", field: "files");
        var parameterFile = parameterFiles[0];
        var yaml = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in files.Where(f => f != parameterFile))
        {
            if (!f.Name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) && !f.Name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                throw new UnicoInputException($"'{f.Name}': expected the parameter file (.json) and YAML files (.yaml, .yml) only", field: "files");
            if (!yaml.TryAdd(f.Name, f.Text)) throw new UnicoInputException($"'{f.Name}' is uploaded twice", field: "files");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(parameterFile.Text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new UnicoInputException($"invalid JSON: {e.Message}", parameterFile.Name, e.LineNumber is { } l ? (int)l + 1 : null);
        }
        if (root is not JsonObject obj)
            throw new UnicoInputException("expected a parameter file: an object with 'architecture' and 'parameters'", parameterFile.Name);
        if (!obj.ContainsKey("architecture") && !obj.ContainsKey("architecture_yaml"))
            throw new UnicoInputException("this is no architecture space: it names no 'architecture' file (a space of a built-in template is imported with 'Import JSON')", parameterFile.Name, field: "architecture");

        // Each reference is matched to an upload by its file name; the upload is written where the
        // reference points (inside a private folder), so the engine reads the user's own parameter
        // file, lines and all.
        var placed = new Dictionary<string, string>(StringComparer.Ordinal);
        void Place(JsonObject owner, string key, string field)
        {
            if (owner[key] is not JsonValue value || !value.TryGetValue<string>(out var reference)) return;
            var name = Path.GetFileName(reference.Replace('\\', '/'));
            if (!yaml.TryGetValue(name, out var text))
                throw new UnicoInputException($"names '{reference}': upload {name} with the parameter file (uploaded: {(yaml.Count == 0 ? "none" : string.Join(", ", yaml.Keys))})", parameterFile.Name, LineIn(parameterFile.Text, reference), field);
            placed[reference] = text;
        }
        Place(obj, "architecture", "architecture");
        Place(obj, "ert", "ert");
        Place(obj, "art", "art");
        if (obj["parameters"] is JsonObject parameters)
        {
            foreach (var (name, parameter) in parameters)
            {
                if (parameter is JsonObject p && p["constraint_sets"] is JsonObject sets)
                {
                    foreach (var choice in sets.Select(kv => kv.Key).ToList()) Place(sets, choice, $"parameters.{name}.constraint_sets.{choice}");
                }
            }
        }

        var folder = Path.Combine(Path.GetTempPath(), "unico-import-" + Guid.NewGuid().ToString("N")[..12]);
        var spaceFolder = Path.GetFullPath(Path.Combine(folder, "space"));
        Directory.CreateDirectory(spaceFolder);
        try
        {
            foreach (var (reference, text) in placed)
            {
                var target = Path.GetFullPath(Path.Combine(spaceFolder, reference));
                // A reference may name a sub-folder; never a place outside the private folder.
                if (!target.StartsWith(spaceFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    throw new UnicoInputException($"'{reference}' points outside the parameter file's folder", parameterFile.Name, LineIn(parameterFile.Text, reference));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, text);
            }
            var path = Path.Combine(spaceFolder, parameterFile.Name);
            File.WriteAllText(path, parameterFile.Text);
            try
            {
                return DesignSpace.Load(path);
            }
            catch (UnicoInputException e) when (e.File is not null && e.File.StartsWith(folder, StringComparison.Ordinal))
            {
                throw new UnicoInputException(e.Detail, Path.GetFileName(e.File), e.Line, e.Field);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The line where a quoted string stands in the user's parameter file, if it stands there once.
    private static int? LineIn(string text, string? quoted)
    {
        if (string.IsNullOrEmpty(quoted)) return null;
        var key = "\"" + quoted + "\"";
        var lines = text.Split('\n');
        var hits = lines.Select((l, i) => (l, i)).Where(x => x.l.Contains(key, StringComparison.Ordinal)).ToList();
        return hits.Count == 1 ? hits[0].i + 1 : null;
    }
}
