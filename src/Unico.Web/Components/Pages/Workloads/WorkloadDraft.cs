using System.Collections.Immutable;
using Unico.Engine;
using Unico.Engine.Workloads;
using Unico.Web.Catalog;

namespace Unico.Web.Components.Pages.Workloads;

/// <summary>One row of the layer table editor.</summary>
public sealed class LayerDraft
{
    /// <summary>Layer name.</summary>
    public string Name { get; set; } = "";

    /// <summary>File label: conv2d, depthwise, grouped, fc, matmul.</summary>
    public string Type { get; set; } = "conv2d";

    /// <summary>Dimension sizes by name (null: not given).</summary>
    public Dictionary<string, int?> Dims { get; set; } = [];

    /// <summary>Stride (convolutions).</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Runs per inference.</summary>
    public int Repeat { get; set; } = 1;

    /// <summary>The dimensions of the row's type, in the engine's order.</summary>
    public IReadOnlyList<string> Dimensions => LayerKinds.TryParse(Type, out var kind) ? kind.Dimensions() : [];

    /// <summary>True for convolution types (stride applies).</summary>
    public bool IsConvolution => LayerKinds.TryParse(Type, out var kind) && kind.IsConvolution();
}

/// <summary>
/// The workload editor's state: name, description and a table of layers; <see cref="Build"/>
/// checks every row with the engine and returns the errors by field (<c>name</c>, <c>layers</c>,
/// <c>layers[i]</c>) for the form to show.
/// </summary>
public sealed class WorkloadDraft
{
    /// <summary>Layer types the editor offers.</summary>
    public static IReadOnlyList<string> Types { get; } = ["conv2d", "depthwise", "grouped", "fc", "matmul"];

    /// <summary>Workload name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Description.</summary>
    public string Description { get; set; } = "";

    /// <summary>Citation.</summary>
    public string Source { get; set; } = "";

    /// <summary>Layers.</summary>
    public List<LayerDraft> Layers { get; } = [];

    /// <summary>A draft of an existing workload.</summary>
    public static WorkloadDraft From(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var draft = new WorkloadDraft { Name = workload.Name, Description = workload.Description, Source = workload.Source };
        foreach (var l in workload.Layers)
        {
            if (l.Kind == LayerKind.Custom) throw new UnicoInputException($"layer '{l.Name}' has a custom problem shape, which the layer table cannot edit", field: "layers");
            draft.Layers.Add(new LayerDraft
            {
                Name = l.Name,
                Type = l.Kind.Label(),
                Dims = l.Dimensions.Select((d, i) => (d, l.Problem.Bounds[i])).ToDictionary(x => x.d, x => (int?)x.Item2),
                Stride = l.Stride.W,
                Repeat = l.Repeat,
            });
        }
        return draft;
    }

    /// <summary>
    /// How an uploaded file is imported: JSON when it starts with <c>{</c> (named by its content),
    /// else a Timeloop problem YAML named after the file (its name only, never its path).
    /// </summary>
    public static (WorkloadFormat Format, string? Name, string File) Upload(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var file = Path.GetFileName(fileName ?? "upload");
        if (text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('{')) return (WorkloadFormat.Json, null, file.Length == 0 ? "upload.json" : file);
        var name = Path.GetFileNameWithoutExtension(file);
        return (WorkloadFormat.TimeloopYaml, string.IsNullOrWhiteSpace(name) ? "imported" : name, file.Length == 0 ? "upload.yaml" : file);
    }

    /// <summary>Reads an uploaded workload (see <see cref="Upload"/>). Throws <see cref="UnicoInputException"/>.</summary>
    public static Workload Import(string text, string fileName)
    {
        var (format, name, file) = Upload(text, fileName);
        return CatalogImport.ParseWorkload(text, format, name, file);
    }

    /// <summary>The workload, or the errors by field.</summary>
    public (Workload? Workload, Dictionary<string, string> Errors) Build()
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Name)) errors["name"] = "a workload needs a name";
        if (Layers.Count == 0) errors["layers"] = "add at least one layer";
        var layers = ImmutableArray.CreateBuilder<Layer>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Layers.Count; i++)
        {
            var row = Layers[i];
            var key = $"layers[{i}]";
            if (string.IsNullOrWhiteSpace(row.Name))
            {
                errors[key] = "the layer needs a name";
                continue;
            }
            if (!names.Add(row.Name.Trim()))
            {
                errors[key] = $"the name '{row.Name}' is used by another layer";
                continue;
            }
            if (!LayerKinds.TryParse(row.Type, out var kind))
            {
                errors[key] = $"unknown type '{row.Type}'";
                continue;
            }
            if (row.Repeat < 1)
            {
                errors[key] = "repeat must be at least 1";
                continue;
            }
            if (kind.IsConvolution() && row.Stride < 1)
            {
                errors[key] = "stride must be at least 1";
                continue;
            }
            var dims = row.Dims.Where(d => kind.Dimensions().Contains(d.Key) && d.Value is not null).ToDictionary(d => d.Key, d => d.Value!.Value);
            try
            {
                layers.Add(Layer.Create(row.Name.Trim(), kind, dims, kind.IsConvolution() ? Spatial2D.Square(row.Stride) : null, null, row.Repeat));
            }
            catch (ArgumentException e)
            {
                errors[key] = e.Message.Split(" (Parameter", 2)[0];
            }
        }
        if (errors.Count > 0) return (null, errors);
        var workload = new Workload(Name.Trim(), Description.Trim(), Source.Trim(), layers.ToImmutable());
        try
        {
            WorkloadJson.Parse(WorkloadJson.Write(workload), workload.Name); // the stored form reads back
        }
        catch (UnicoInputException e)
        {
            errors[e.Field ?? "layers"] = e.Detail;
            return (null, errors);
        }
        return (workload, errors);
    }
}
