using Unico.Engine.CoSearch;
using Unico.Engine.Mapping;

namespace Unico.Web.Components.Pages.NewRun;

/// <summary>
/// The new-run form's state: one <see cref="CoSearchConfig"/>, which every field edits, written by
/// the engine's own <see cref="CoSearchConfigJson.Write"/>. A cloned run therefore keeps every
/// setting, those without a field on the form included.
/// </summary>
public sealed class NewRunForm
{
    private static readonly CoSearchConfig Defaults = new("my-run", ["ResNet-18"], [], "eyeriss-like",
        [CoSearchObjective.Latency, CoSearchObjective.Energy, CoSearchObjective.Area], new CoSearchCaps(), CoSearchAlgorithm.Unico,
        new CoSearchSettings(), new CoSearchBudget(600_000), new MapperOptions());

    /// <summary>The config the form edits.</summary>
    public CoSearchConfig Config { get; private set; } = Defaults;

    /// <summary>Run name.</summary>
    public string Name { get => Config.Name; set => Config = Config with { Name = value ?? "" }; }

    /// <summary>Training workloads.</summary>
    public IReadOnlyCollection<string> Training { get => [.. Config.TrainingWorkloads]; set => Config = Config with { TrainingWorkloads = [.. value ?? []] }; }

    /// <summary>Held-out workloads.</summary>
    public IReadOnlyCollection<string> HeldOut { get => [.. Config.HeldOutWorkloads]; set => Config = Config with { HeldOutWorkloads = [.. value ?? []] }; }

    /// <summary>Design space.</summary>
    public string Space { get => Config.Space; set => Config = Config with { Space = value ?? "" }; }

    /// <summary>Objective: latency.</summary>
    public bool Latency { get => Has(CoSearchObjective.Latency); set => Set(CoSearchObjective.Latency, value); }

    /// <summary>Objective: energy.</summary>
    public bool Energy { get => Has(CoSearchObjective.Energy); set => Set(CoSearchObjective.Energy, value); }

    /// <summary>Objective: area.</summary>
    public bool Area { get => Has(CoSearchObjective.Area); set => Set(CoSearchObjective.Area, value); }

    /// <summary>Area cap, mm^2.</summary>
    public double? AreaCap { get => Config.Caps.AreaMm2; set => Config = Config with { Caps = Config.Caps with { AreaMm2 = value } }; }

    /// <summary>Power cap, W.</summary>
    public double? PowerCap { get => Config.Caps.PowerW; set => Config = Config with { Caps = Config.Caps with { PowerW = value } }; }

    /// <summary>The hardware search algorithm.</summary>
    public CoSearchAlgorithm Algorithm { get => Config.Algorithm; set => Config = Config with { Algorithm = value }; }

    /// <summary>n_init.</summary>
    public int InitialPoints { get => S.InitialPoints; set => Settings(S with { InitialPoints = value }); }

    /// <summary>q.</summary>
    public int BatchSize { get => S.BatchSize; set => Settings(S with { BatchSize = value }); }

    /// <summary>b0.</summary>
    public long InitialBudget { get => S.InitialBudget; set => Settings(S with { InitialBudget = value }); }

    /// <summary>eta.</summary>
    public int Eta { get => S.Eta; set => Settings(S with { Eta = value }); }

    /// <summary>B.</summary>
    public long FullBudget { get => S.FullBudget; set => Settings(S with { FullBudget = value }); }

    /// <summary>Adaptive promotion.</summary>
    public bool AdaptivePromotion { get => S.AdaptivePromotion; set => Settings(S with { AdaptivePromotion = value }); }

    /// <summary>Plateau window k.</summary>
    public long PlateauWindow { get => S.PlateauWindow; set => Settings(S with { PlateauWindow = value }); }

    /// <summary>Plateau epsilon.</summary>
    public double PlateauEpsilon { get => S.PlateauEpsilon; set => Settings(S with { PlateauEpsilon = value }); }

    /// <summary>How rungs are ranked.</summary>
    public RungRanking Ranking { get => S.Ranking; set => Settings(S with { Ranking = value }); }

    /// <summary>How robustness enters the search.</summary>
    public RobustnessUse Robustness { get => S.Robustness; set => Settings(S with { Robustness = value }); }

    /// <summary>Filter threshold.</summary>
    public double RobustnessQuantile { get => S.RobustnessQuantile; set => Settings(S with { RobustnessQuantile = value }); }

    /// <summary>The robustness measure that filters the front.</summary>
    public RobustnessMeasure RobustnessMeasure { get => S.RobustnessMeasure; set => Settings(S with { RobustnessMeasure = value }); }

    /// <summary>Successive halving's schedule: derived from the budget, or the settings' b0 and eta.</summary>
    public HalvingSchedule Schedule { get => S.Schedule; set => Settings(S with { Schedule = value }); }

    /// <summary>Penalty lambda.</summary>
    public double RobustnessPenalty { get => S.RobustnessPenalty; set => Settings(S with { RobustnessPenalty = value }); }

    /// <summary>Which observations the surrogate is fitted on.</summary>
    public SurrogateFidelity Surrogate { get => S.Surrogate; set => Settings(S with { Surrogate = value }); }

    /// <summary>Mapping searches start from the nearest measured points' mappings.</summary>
    public bool WarmStart { get => S.WarmStart; set => Settings(S with { WarmStart = value }); }

    /// <summary>qnehvi or qparego.</summary>
    public CoSearchAcquisition Acquisition { get => S.Acquisition; set => Settings(S with { Acquisition = value }); }

    /// <summary>Total mapping evaluations.</summary>
    public long? BudgetEvaluations { get => Config.Budget.MappingEvaluations; set => Config = Config with { Budget = Config.Budget with { MappingEvaluations = value } }; }

    /// <summary>Wall-time limit, seconds.</summary>
    public double? BudgetSeconds { get => Config.Budget.Seconds; set => Config = Config with { Budget = Config.Budget with { Seconds = value } }; }

    /// <summary>Batches after the initial design.</summary>
    public int? BudgetIterations { get => Config.Budget.Iterations; set => Config = Config with { Budget = Config.Budget with { Iterations = value } }; }

    /// <summary>Mapping search strategy.</summary>
    public MappingStrategy MapperStrategy { get => Config.Mapper.Strategy; set => Config = Config with { Mapper = Config.Mapper with { Strategy = value } }; }

    /// <summary>What the mapping search minimizes.</summary>
    public MappingObjective MapperObjective { get => Config.Mapper.Objective; set => Config = Config with { Mapper = Config.Mapper with { Objective = value } }; }

    /// <summary>Seed.</summary>
    public long Seed { get => (long)Config.Seed; set => Config = Config with { Seed = (ulong)Math.Max(0, value) }; }

    /// <summary>Clock (GHz): cycles into time, energy into power.</summary>
    public double ClockGhz { get => Config.ClockGhz; set => Config = Config with { ClockGhz = value }; }

    /// <summary>Worker threads (empty: the server's setting).</summary>
    public int? Threads { get => Config.Threads; set => Config = Config with { Threads = value }; }

    /// <summary>True when the algorithm goes by successive halving (b0, eta, promotion and ranking apply).</summary>
    public bool UsesSuccessiveHalving => Config.UsesSuccessiveHalving;

    /// <summary>True when the algorithm proposes points with Bayesian optimization (acquisition and surrogate apply).</summary>
    public bool UsesSurrogate => Config.Algorithm is CoSearchAlgorithm.Unico or CoSearchAlgorithm.Hasco;

    /// <summary>True when the batch size applies (HASCO proposes one point at a time).</summary>
    public bool UsesBatchSize => Config.Algorithm != CoSearchAlgorithm.Hasco;

    private CoSearchSettings S => Config.Settings;

    /// <summary>The config JSON the engine reads (`unico search --config`), written by the engine.</summary>
    public string ToJson() => CoSearchConfigJson.Write(Config);

    /// <summary>
    /// The form filled from a run's config, to clone it: every setting kept, the name marked as a
    /// copy, workloads and space by the names the pages list (<paramref name="canonical"/> turns an
    /// alias such as "resnet18" into "ResNet-18").
    /// </summary>
    public static NewRunForm From(CoSearchConfig config, Func<string, string>? canonical = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var name = canonical ?? (n => n);
        return new NewRunForm
        {
            Config = config with
            {
                Name = config.Name + "-copy",
                TrainingWorkloads = [.. config.TrainingWorkloads.Select(name)],
                HeldOutWorkloads = [.. config.HeldOutWorkloads.Select(name)],
            },
        };
    }

    /// <summary>
    /// What the form can tell before asking the engine: every empty or out-of-range field at once,
    /// by the config field it belongs to. The engine's parser and <see cref="CoSearchRun.Create"/> judge the rest.
    /// </summary>
    public Dictionary<string, string> Check()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var s = S;
        if (string.IsNullOrWhiteSpace(Name)) errors["name"] = "a run needs a name";
        if (Config.TrainingWorkloads.Count == 0) errors["workloads.training"] = "choose at least one network to search on";
        if (string.IsNullOrWhiteSpace(Space)) errors["space"] = "choose a design space";
        if (Config.Objectives.Count == 0) errors["objectives"] = "choose at least one objective";
        if (AreaCap is <= 0) errors["caps.area_mm2"] = "must be positive (or empty for no cap)";
        if (PowerCap is <= 0) errors["caps.power_w"] = "must be positive (or empty for no cap)";
        if (s.InitialPoints < 1) errors["settings.initial_points"] = "must be at least 1";
        if (UsesBatchSize && s.BatchSize < 1) errors["settings.batch_size"] = "must be at least 1";
        if (s.FullBudget < 1) errors["settings.full_budget"] = "must be at least 1";
        if (UsesSuccessiveHalving)
        {
            if (s.InitialBudget < 1) errors["settings.b0"] = "must be at least 1";
            else if (s.InitialBudget > s.FullBudget) errors["settings.b0"] = $"the first rung's budget ({s.InitialBudget}) exceeds the full budget B ({s.FullBudget})";
            if (s.Eta < 2) errors["settings.eta"] = "must be at least 2";
            if (s.PlateauWindow < 1) errors["settings.plateau_window"] = "must be at least 1";
            if (s.PlateauEpsilon <= 0) errors["settings.plateau_epsilon"] = "must be positive";
        }
        if (s.RobustnessQuantile is < 0 or > 1) errors["settings.robustness_quantile"] = "must be between 0 and 1";
        if (s.RobustnessPenalty <= 0) errors["settings.robustness_penalty"] = "must be positive";
        if (BudgetEvaluations is null && BudgetSeconds is null && BudgetIterations is null) errors["budget"] = "give at least one limit: mapping evaluations, seconds or batches";
        if (BudgetEvaluations is <= 0) errors["budget.mapping_evaluations"] = "must be positive";
        if (BudgetSeconds is <= 0) errors["budget.seconds"] = "must be positive";
        if (BudgetIterations is < 0) errors["budget.iterations"] = "must be 0 or more";
        if (ClockGhz <= 0) errors["clock_ghz"] = "must be positive";
        if (Threads is < 1) errors["threads"] = "must be at least 1 (or empty for the server's setting)";
        if (Seed < 0) errors["seed"] = "must be 0 or more";
        return errors;
    }

    private bool Has(CoSearchObjective objective) => Config.Objectives.Contains(objective);

    // Unticking keeps the others in their order; ticking appends (a cloned run keeps its order).
    private void Set(CoSearchObjective objective, bool on)
    {
        if (on == Has(objective)) return;
        Config = Config with { Objectives = on ? [.. Config.Objectives, objective] : [.. Config.Objectives.Where(o => o != objective)] };
    }

    private void Settings(CoSearchSettings settings) => Config = Config with { Settings = settings };
}
