namespace Unico.Web.Data;

/// <summary>Run states as the API reports them.</summary>
public static class RunStatus
{
    /// <summary>Waiting for a Hangfire worker.</summary>
    public const string Queued = "queued";

    /// <summary>Executing (or interrupted by a restart and about to resume).</summary>
    public const string Running = "running";

    /// <summary>Finished its budget.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Stopped by an error; <see cref="RunEntity.Error"/> says why.</summary>
    public const string Failed = "failed";

    /// <summary>Cancelled by a user.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>True for a state a run never leaves.</summary>
    public static bool IsFinal(string status) => status is Succeeded or Failed or Cancelled;
}

/// <summary>One co-search run.</summary>
public sealed class RunEntity
{
    /// <summary>Stable id (the permalink /runs/{id}).</summary>
    public long Id { get; set; }

    /// <summary>Run name from its config.</summary>
    public string Name { get; set; } = "";

    /// <summary>See <see cref="RunStatus"/>.</summary>
    public string Status { get; set; } = RunStatus.Queued;

    /// <summary>unico, hasco, random or nsga2.</summary>
    public string Algorithm { get; set; } = "";

    /// <summary>Objective names, comma separated, in the run's order.</summary>
    public string Objectives { get; set; } = "";

    /// <summary>The config as submitted (workloads and spaces by name): re-runnable, cloneable.</summary>
    public string ConfigJson { get; set; } = "";

    /// <summary>The config the engine runs: custom workloads and spaces point at snapshot files in the data directory.</summary>
    public string ResolvedConfigJson { get; set; } = "";

    /// <summary>Who created it (see <see cref="Runs.RunAccess.OwnerId"/>); null for runs from before owners were kept (admins manage those).</summary>
    public string? OwnerId { get; set; }

    /// <summary>How the owner is shown.</summary>
    public string? OwnerName { get; set; }

    /// <summary>Hangfire job currently responsible for the run.</summary>
    public string? JobId { get; set; }

    /// <summary>When the run was submitted (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When it first started (UTC).</summary>
    public DateTime? StartedAt { get; set; }

    /// <summary>When it reached a final state (UTC).</summary>
    public DateTime? FinishedAt { get; set; }

    /// <summary>0..1.</summary>
    public double Progress { get; set; }

    /// <summary>Mapping evaluations spent.</summary>
    public long MappingEvaluations { get; set; }

    /// <summary>Search wall time, seconds (across restarts).</summary>
    public double ElapsedSeconds { get; set; }

    /// <summary>Hypervolume of the front (normalized, reference 1.1).</summary>
    public double Hypervolume { get; set; }

    /// <summary>Hardware points evaluated.</summary>
    public int PointCount { get; set; }

    /// <summary>Point ids on the Pareto front, JSON list.</summary>
    public string FrontJson { get; set; } = "[]";

    /// <summary>Point ids on the robustness-filtered front (known when finished), JSON list.</summary>
    public string RobustFrontJson { get; set; } = "[]";

    /// <summary>Held-out results and other final data (JSON), when finished.</summary>
    public string? GeneralizationJson { get; set; }

    /// <summary>Why the run failed.</summary>
    public string? Error { get; set; }

    /// <summary>A user asked to cancel it.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>How many times it resumed from a checkpoint after an interruption.</summary>
    public int Resumes { get; set; }

    /// <summary>Seconds left as estimated from the run's measured rates (<see cref="Engine.CoSearch.RunTimeEstimator"/>); null while unknown.</summary>
    public double? SecondsLeft { get; set; }

    /// <summary>The user's notes on the run (free text, edited on the run page).</summary>
    public string? Notes { get; set; }

    /// <summary>Points of the run.</summary>
    public List<PointEntity> Points { get; set; } = [];
}

/// <summary>A multi-seed comparison (`unico compare`) launched from the app: one Hangfire job runs every contestant and seed.</summary>
public sealed class ComparisonEntity
{
    /// <summary>Stable id (the permalink /comparisons/{id}).</summary>
    public long Id { get; set; }

    /// <summary>Its name from the config.</summary>
    public string Name { get; set; } = "";

    /// <summary>See <see cref="RunStatus"/> (the same states).</summary>
    public string Status { get; set; } = RunStatus.Queued;

    /// <summary>The comparison config as submitted (workloads and spaces by name).</summary>
    public string ConfigJson { get; set; } = "";

    /// <summary>The config the engine runs (custom workloads and spaces as snapshot files), written by the engine.</summary>
    public string ResolvedConfigJson { get; set; } = "";

    /// <summary>Who created it.</summary>
    public string? OwnerId { get; set; }

    /// <summary>How the owner is shown.</summary>
    public string? OwnerName { get; set; }

    /// <summary>Hangfire job responsible for it.</summary>
    public string? JobId { get; set; }

    /// <summary>Submitted (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>First started (UTC).</summary>
    public DateTime? StartedAt { get; set; }

    /// <summary>Reached a final state (UTC).</summary>
    public DateTime? FinishedAt { get; set; }

    /// <summary>Runs (contestant x seed) finished.</summary>
    public int RunsDone { get; set; }

    /// <summary>Runs in all.</summary>
    public int RunsTotal { get; set; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; set; }

    /// <summary>The engine's report.md, once finished.</summary>
    public string? ReportMarkdown { get; set; }

    /// <summary>The engine's comparison.json, once finished.</summary>
    public string? ResultJson { get; set; }

    /// <summary>The engine's hypervolume.svg, once finished.</summary>
    public string? PlotSvg { get; set; }
}

/// <summary>One hardware point of a run.</summary>
public sealed class PointEntity
{
    /// <summary>The run.</summary>
    public long RunId { get; set; }

    /// <summary>Id within the run (the permalink /runs/{run}/points/{id}).</summary>
    public int PointId { get; set; }

    /// <summary>Batch that proposed it (0 = initial design).</summary>
    public int Batch { get; set; }

    /// <summary>Hardware parameters, the JSON object of the proposal's design point (integers as numbers, choices as strings; rows of older runs hold text only).</summary>
    public string ParametersJson { get; set; } = "{}";

    /// <summary>False while its mapping searches are still running.</summary>
    public bool Evaluated { get; set; }

    /// <summary>Cycles over the workload.</summary>
    public double LatencyCycles { get; set; }

    /// <summary>Energy over the workload, pJ.</summary>
    public double EnergyPj { get; set; }

    /// <summary>Area, mm^2.</summary>
    public double AreaMm2 { get; set; }

    /// <summary>The objective vector the search observed, JSON list.</summary>
    public string ObjectivesJson { get; set; } = "[]";

    /// <summary>Mapping searches reached the full budget or plateaued.</summary>
    public bool HighFidelity { get; set; }

    /// <summary>Evaluations per distinct layer.</summary>
    public long PerLayerBudget { get; set; }

    /// <summary>Meets caps and every layer has a valid mapping.</summary>
    public bool Feasible { get; set; }

    /// <summary>Why not feasible (known once it is evaluated).</summary>
    public string? InfeasibleReason { get; set; }

    /// <summary>R in (0, 1] for high-fidelity points.</summary>
    public double? Robustness { get; set; }

    /// <summary>S = 1/R - 1.</summary>
    public double? Sensitivity { get; set; }

    /// <summary>Mapping evaluations spent on it.</summary>
    public long Evaluations { get; set; }

    /// <summary>Coordinates in the search space, JSON list (from its proposal).</summary>
    public string? VectorJson { get; set; }

    /// <summary>Per distinct layer outcome with the best mapping YAML, JSON (known once it is evaluated).</summary>
    public string? LayersJson { get; set; }
}

/// <summary>One engine event of a run, as it happened.</summary>
public sealed class RunEventEntity
{
    /// <summary>The run.</summary>
    public long RunId { get; set; }

    /// <summary>Position in the run's event stream.</summary>
    public long Sequence { get; set; }

    /// <summary>Discriminator, e.g. point_evaluated.</summary>
    public string Type { get; set; } = "";

    /// <summary>Seconds since the run started.</summary>
    public double ElapsedSeconds { get; set; }

    /// <summary>Mapping evaluations at the time.</summary>
    public long MappingEvaluations { get; set; }

    /// <summary>The whole event as JSON (with "type").</summary>
    public string Json { get; set; } = "";

    /// <summary>When it was stored (UTC).</summary>
    public DateTime RecordedAt { get; set; }
}

/// <summary>A workload created or imported in the UI.</summary>
public sealed class CustomWorkloadEntity
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>Unique name; runs refer to it by this name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The workload in Unico's JSON format (as WorkloadJson writes it).</summary>
    public string Json { get; set; } = "";

    /// <summary>Created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Last edited (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A hardware design space created in the UI.</summary>
public sealed class CustomSpaceEntity
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>Unique name; runs refer to it by this name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The space in its JSON format (as DesignSpace.ToJson writes it).</summary>
    public string Json { get; set; } = "";

    /// <summary>Created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Last edited (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A Hangfire server that did part of a run's work (the coordination or a share of its mapping
/// searches); one row per (run, server), inserted idempotently by whichever process ran the job.
/// </summary>
public sealed class RunWorkerEntity
{
    /// <summary>The run.</summary>
    public long RunId { get; set; }

    /// <summary>The server's name (machine, role, process id).</summary>
    public string Worker { get; set; } = "";

    /// <summary>When it first took a job of the run (UTC).</summary>
    public DateTime FirstSeen { get; set; }

    /// <summary>Mapping jobs (one point's searches of one rung) of the run it executed.</summary>
    public int MappingJobs { get; set; }

    /// <summary>Mapping evaluations it ran for those jobs.</summary>
    public long MappingEvaluations { get; set; }
}

/// <summary>
/// One mapping job of a run split across workers: some of a hardware point's layer searches of one
/// rung, with their state so far (<see cref="Unico.Engine.CoSearch.RungItem"/>) and, once a worker
/// ran it, their new state. Keyed by run, point, rung and part, so a job executed twice (its worker
/// died, or the run's coordinator resumed) stores one result. Removed when the run's result is stored.
/// </summary>
public sealed class RungResultEntity
{
    /// <summary>The run.</summary>
    public long RunId { get; set; }

    /// <summary>The hardware point.</summary>
    public int PointId { get; set; }

    /// <summary>The rung of its batch (0-based).</summary>
    public int Rung { get; set; }

    /// <summary>Which part of the point's layers (0 when the point is one job).</summary>
    public int Part { get; set; }

    /// <summary>The work, as the engine's rung-item JSON.</summary>
    public string Item { get; set; } = "";

    /// <summary>The result (the engine's rung-result JSON) once done, or null.</summary>
    public string? Result { get; set; }

    /// <summary>Why the job failed, or null.</summary>
    public string? Error { get; set; }

    /// <summary>The server that stored the result.</summary>
    public string? Worker { get; set; }

    /// <summary>Wall time the worker spent on it, seconds.</summary>
    public double Seconds { get; set; }

    /// <summary>When the work was handed out (UTC).</summary>
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A file of a run kept in the database so that any process can take the run up: the engine's
/// checkpoint (<c>checkpoint.json</c>) and its result (<c>result.json</c>). With SQLite the run's
/// folder holds them too; with PostgreSQL the folder is local to the worker that wrote it.
/// </summary>
public sealed class RunDocumentEntity
{
    /// <summary>The run.</summary>
    public long RunId { get; set; }

    /// <summary>The file name, e.g. <c>checkpoint.json</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Its content.</summary>
    public string Content { get; set; } = "";

    /// <summary>Last written (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// The content of a custom workload or space as a run received it (content-addressed, never
/// changed): a worker on another machine writes its own copy of the snapshot file from here.
/// </summary>
public sealed class InputSnapshotEntity
{
    /// <summary>The snapshot's file name, e.g. <c>workload-0123abcd....json</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Its JSON.</summary>
    public string Json { get; set; } = "";
}
