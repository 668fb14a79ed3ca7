using System.Text;
using System.Text.Json;
using Unico.Engine;
using Unico.Engine.Hardware;
using Unico.Engine.Interop.Timeloop;
using Unico.Engine.Workloads;

namespace Unico.Web.Catalog;

/// <summary>The formats a workload can be imported from.</summary>
public enum WorkloadFormat
{
    /// <summary>Unico's workload JSON (docs/workloads.md).</summary>
    Json,

    /// <summary>A Timeloop problem YAML: one layer.</summary>
    TimeloopYaml,
}

/// <summary>
/// Imports workloads and design spaces for the pages' upload buttons and the REST API alike: the
/// engine parses the text (never executed, never a path) and <see cref="CatalogService"/> checks
/// the name and the operator's limits and saves it. A JSON body without a name takes the
/// given one; one with another name is refused. Every failure is an <see cref="UnicoInputException"/>.
/// </summary>
public sealed class CatalogImport(CatalogService catalog)
{
    /// <summary>Parses and saves a new custom workload.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="format">Its format.</param>
    /// <param name="name">The name to give it (required for YAML; for JSON, used when the body has none).</param>
    /// <param name="file">How the input is named in errors.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    public async Task<Workload> ImportWorkloadAsync(string text, WorkloadFormat format, string? name, string file, CancellationToken cancellationToken = default)
    {
        var workload = ParseWorkload(text, format, name, file);
        await catalog.SaveWorkloadAsync(workload, null, cancellationToken).ConfigureAwait(false);
        return workload;
    }

    /// <summary>Parses and saves a new custom design space (JSON).</summary>
    public async Task<DesignSpace> ImportSpaceAsync(string json, string? name, CancellationToken cancellationToken = default) =>
        await catalog.SaveSpaceAsync(WithName(json, name), null, cancellationToken).ConfigureAwait(false);

    /// <summary>The workload a text stands for (not saved).</summary>
    public static Workload ParseWorkload(string text, WorkloadFormat format, string? name, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (format == WorkloadFormat.Json) return WorkloadJson.Parse(WithName(text, name), file);
        if (string.IsNullOrWhiteSpace(name))
            throw new UnicoInputException("a Timeloop problem has no name: give one (?name= in the API)", file, field: "name");
        CatalogService.CheckName(name);
        var problem = TimeloopProblemReader.Parse(text, file);
        var layer = Layer.FromProblem(name, problem);
        if (layer.Kind == LayerKind.Custom)
            throw new UnicoInputException($"the problem shape '{problem.Shape.Name}' is not a convolution or a matrix multiplication, which custom workloads must be", file, field: "problem.shape");
        return new Workload(name, $"Timeloop problem '{problem.Shape.Name}'", file, [layer]);
    }

    /// <summary>
    /// The JSON with <paramref name="name"/> as its top-level "name" when it has none (inserted after the
    /// opening brace, so every line stays where it was); refused when it names something else. Text
    /// that is not a JSON object is returned unchanged for the engine to report.
    /// </summary>
    public static string WithName(string json, string? name)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (string.IsNullOrEmpty(name)) return json;
        CatalogService.CheckName(name);
        var utf8 = Encoding.UTF8.GetBytes(json);
        var options = new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = InputLimits.MaxDepth };
        string? given;
        bool same;
        long open;
        try
        {
            using var document = JsonDocument.Parse(utf8, options);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return json;
            var hasName = document.RootElement.TryGetProperty("name", out var n);
            given = hasName ? n.GetRawText() : null;
            same = hasName && n.ValueKind == JsonValueKind.String && string.Equals(n.GetString(), name, StringComparison.Ordinal);
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            reader.Read();
            open = reader.TokenStartIndex;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return json; // malformed (or a lone surrogate): the engine's reader says where
        }
        if (same) return json;
        if (given is not null)
            throw new UnicoInputException($"the body names it {(given.Length > 60 ? given[..60] + "..." : given)} but the name given is '{name}'; give one name", field: "name");
        var insert = Encoding.UTF8.GetBytes($" \"name\": {JsonSerializer.Serialize(name)},");
        var body = utf8.AsSpan();
        var joined = body[..(int)(open + 1)].ToArray().Concat(insert).Concat(body[(int)(open + 1)..].ToArray()).ToArray();
        return Encoding.UTF8.GetString(joined);
    }
}
