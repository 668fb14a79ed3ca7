namespace Unico.Web.Components.Pages.NewRun;

/// <summary>
/// The new-run form's words for the config's fields: an error the engine reports on
/// <c>budget.mapping_evaluations</c> is shown as "Mapping evaluations: ..." under that field, never
/// with the line of a JSON text the user did not write.
/// </summary>
public static class NewRunFields
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["name"] = "Run name",
        ["workloads"] = "Training workloads",
        ["workloads.training"] = "Training workloads",
        ["workloads.held_out"] = "Held-out workloads",
        ["space"] = "Hardware design space",
        ["objectives"] = "Objectives",
        ["caps.area_mm2"] = "Area cap",
        ["caps.power_w"] = "Power cap",
        ["algorithm"] = "Algorithm",
        ["settings.initial_points"] = "Initial points",
        ["settings.batch_size"] = "Batch size q",
        ["settings.b0"] = "First rung b0",
        ["settings.eta"] = "eta",
        ["settings.full_budget"] = "Full budget B",
        ["settings.adaptive_promotion"] = "Adaptive promotion",
        ["settings.plateau_window"] = "Plateau window k",
        ["settings.plateau_epsilon"] = "Plateau epsilon",
        ["settings.ranking"] = "Rung ranking",
        ["settings.robustness"] = "Robustness use",
        ["settings.robustness_quantile"] = "Robust quantile",
        ["settings.robustness_measure"] = "Robustness measure",
        ["settings.schedule"] = "Halving schedule",
        ["settings.robustness_penalty"] = "R penalty λ",
        ["settings.surrogate"] = "Surrogate fitted on",
        ["settings.acquisition"] = "Acquisition",
        ["budget"] = "Budget",
        ["budget.mapping_evaluations"] = "Mapping evaluations",
        ["budget.seconds"] = "Seconds",
        ["budget.iterations"] = "Batches",
        ["mapper.strategy"] = "Mapper",
        ["mapper.objective"] = "Mapping objective",
        ["seed"] = "Seed",
        ["clock_ghz"] = "Clock",
        ["threads"] = "Threads",
    };

    /// <summary>The field a config path is shown on: <c>workloads.training[1]</c> on the training workloads.</summary>
    public static string FieldOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bracket = path.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 ? path[..bracket] : path;
    }

    /// <summary>The form's label of a config path (the path itself for one the form has no field for).</summary>
    public static string Label(string path) => Labels.TryGetValue(FieldOf(path ?? ""), out var label) ? label : path ?? "";

    /// <summary>True when the form has a field for the path.</summary>
    public static bool HasField(string path) => Labels.ContainsKey(FieldOf(path ?? ""));
}
