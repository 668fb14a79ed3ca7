using System.Text.Json;
using System.Text.Json.Nodes;
using Unico.Engine.CoSearch;
using Unico.Engine.Mapping;

namespace Unico.Web.Components.Pages.NewRun;

/// <summary>The new-run form: every field of a run config with the engine's defaults.</summary>
public sealed class NewRunForm
{
    private static readonly CoSearchSettings Defaults = new();

    /// <summary>Run name.</summary>
    public string Name { get; set; } = "my-run";

    /// <summary>Training workloads.</summary>
    public IReadOnlyCollection<string> Training { get; set; } = ["ResNet-18"];

    /// <summary>Held-out workloads.</summary>
    public IReadOnlyCollection<string> HeldOut { get; set; } = [];

    /// <summary>Design space.</summary>
    public string Space { get; set; } = "eyeriss-like";

    /// <summary>Objective: latency.</summary>
    public bool Latency { get; set; } = true;

    /// <summary>Objective: energy.</summary>
    public bool Energy { get; set; } = true;

    /// <summary>Objective: area.</summary>
    public bool Area { get; set; } = true;

    /// <summary>Area cap, mm^2.</summary>
    public double? AreaCap { get; set; }

    /// <summary>Power cap, W.</summary>
    public double? PowerCap { get; set; }

    /// <summary>unico, hasco, random, nsga2.</summary>
    public string Algorithm { get; set; } = "unico";

    /// <summary>n_init.</summary>
    public int InitialPoints { get; set; } = Defaults.InitialPoints;

    /// <summary>q.</summary>
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>b0.</summary>
    public long InitialBudget { get; set; } = Defaults.InitialBudget;

    /// <summary>eta.</summary>
    public int Eta { get; set; } = Defaults.Eta;

    /// <summary>B.</summary>
    public long FullBudget { get; set; } = Defaults.FullBudget;

    /// <summary>Adaptive promotion.</summary>
    public bool AdaptivePromotion { get; set; } = Defaults.AdaptivePromotion;

    /// <summary>none, objective, penalty, filter.</summary>
    public string Robustness { get; set; } = "filter";

    /// <summary>Filter threshold.</summary>
    public double RobustnessQuantile { get; set; } = Defaults.RobustnessQuantile;

    /// <summary>Penalty lambda.</summary>
    public double RobustnessPenalty { get; set; } = Defaults.RobustnessPenalty;

    /// <summary>high_fidelity_only or all.</summary>
    public string Surrogate { get; set; } = "corrected";

    /// <summary>qnehvi or qparego.</summary>
    public string Acquisition { get; set; } = Defaults.Acquisition;

    /// <summary>Total mapping evaluations.</summary>
    public long? BudgetEvaluations { get; set; } = 600_000;

    /// <summary>Wall-time limit, seconds.</summary>
    public double? BudgetSeconds { get; set; }

    /// <summary>Batches after the initial design.</summary>
    public int? BudgetIterations { get; set; }

    /// <summary>annealing or random-pruned.</summary>
    public string MapperStrategy { get; set; } = "annealing";

    /// <summary>edp, latency, energy.</summary>
    public string MapperObjective { get; set; } = "edp";

    /// <summary>Seed.</summary>
    public long Seed { get; set; } = 1;

    /// <summary>The config JSON the engine reads (`unico search --config`).</summary>
    public string ToJson()
    {
        var objectives = new JsonArray();
        if (Latency) objectives.Add("latency");
        if (Energy) objectives.Add("energy");
        if (Area) objectives.Add("area");
        var caps = new JsonObject();
        if (AreaCap is { } a) caps["area_mm2"] = a;
        if (PowerCap is { } p) caps["power_w"] = p;
        var budget = new JsonObject();
        if (BudgetEvaluations is { } e) budget["mapping_evaluations"] = e;
        if (BudgetSeconds is { } s) budget["seconds"] = s;
        if (BudgetIterations is { } i) budget["iterations"] = i;
        var obj = new JsonObject
        {
            ["name"] = Name,
            ["workloads"] = new JsonObject
            {
                ["training"] = new JsonArray([.. Training.Select(w => JsonValue.Create(w))]),
                ["held_out"] = new JsonArray([.. HeldOut.Select(w => JsonValue.Create(w))]),
            },
            ["space"] = Space,
            ["objectives"] = objectives,
            ["caps"] = caps,
            ["algorithm"] = Algorithm,
            ["settings"] = new JsonObject
            {
                ["initial_points"] = InitialPoints,
                ["batch_size"] = BatchSize,
                ["b0"] = InitialBudget,
                ["eta"] = Eta,
                ["full_budget"] = FullBudget,
                ["adaptive_promotion"] = AdaptivePromotion,
                ["robustness"] = Robustness,
                ["robustness_quantile"] = RobustnessQuantile,
                ["robustness_penalty"] = RobustnessPenalty,
                ["surrogate"] = Surrogate,
                ["acquisition"] = Acquisition,
            },
            ["budget"] = budget,
            ["mapper"] = new JsonObject { ["strategy"] = MapperStrategy, ["objective"] = MapperObjective },
            ["seed"] = Seed,
        };
        return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The form filled from a run's config (to clone it).</summary>
    public static NewRunForm From(CoSearchConfig c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var s = c.Settings;
        return new NewRunForm
        {
            Name = c.Name + "-copy",
            Training = [.. c.TrainingWorkloads],
            HeldOut = [.. c.HeldOutWorkloads],
            Space = c.Space,
            Latency = c.Objectives.Contains(CoSearchObjective.Latency),
            Energy = c.Objectives.Contains(CoSearchObjective.Energy),
            Area = c.Objectives.Contains(CoSearchObjective.Area),
            AreaCap = c.Caps.AreaMm2,
            PowerCap = c.Caps.PowerW,
            Algorithm = c.Algorithm.ToString().ToLowerInvariant(),
            InitialPoints = s.InitialPoints,
            BatchSize = s.BatchSize,
            InitialBudget = s.InitialBudget,
            Eta = s.Eta,
            FullBudget = s.FullBudget,
            AdaptivePromotion = s.AdaptivePromotion,
            Robustness = s.Robustness.ToString().ToLowerInvariant(),
            RobustnessQuantile = s.RobustnessQuantile,
            RobustnessPenalty = s.RobustnessPenalty,
            Surrogate = s.Surrogate switch { SurrogateFidelity.All => "all", SurrogateFidelity.HighFidelityOnly => "high_fidelity_only", _ => "corrected" },
            Acquisition = s.Acquisition,
            BudgetEvaluations = c.Budget.MappingEvaluations,
            BudgetSeconds = c.Budget.Seconds,
            BudgetIterations = c.Budget.Iterations,
            MapperStrategy = c.Mapper.Strategy == MappingStrategy.RandomPruned ? "random-pruned" : "annealing",
            MapperObjective = c.Mapper.Objective.ToString().ToLowerInvariant(),
            Seed = (long)c.Seed,
        };
    }
}
