namespace Unico.Web;

/// <summary>
/// What an operator sets in the top-level <c>appsettings.json</c> (section <c>Unico</c>). Relative
/// paths are relative to the directory of the settings file that holds them (the repository root
/// for the shipped file), so <c>dotnet run --project src/Unico.Web</c> keeps its data in <c>./data</c>.
/// </summary>
public sealed class UnicoOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Unico";

    /// <summary>Directory for run checkpoints, result files and the snapshots of custom inputs.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The application's SQLite database (runs, points, events, custom workloads and spaces), with the <c>sqlite</c> provider.</summary>
    public string DatabasePath { get; set; } = "data/unico.db";

    /// <summary>Hangfire's SQLite job storage, with the <c>sqlite</c> provider.</summary>
    public string HangfireDatabasePath { get; set; } = "data/hangfire.db";

    /// <summary>
    /// What this process does: <c>all</c> (UI, API and a Hangfire server; the default), <c>web</c>
    /// (UI and API only) or <c>worker</c> (a Hangfire server and /healthz only).
    /// </summary>
    public string Role { get; set; } = "all";

    /// <summary>Where runs, jobs and accounts are stored (section <c>Unico:Storage</c>).</summary>
    public StorageOptions Storage { get; set; } = new();

    /// <summary>Hangfire workers: how many jobs this process executes at once.</summary>
    public int WorkerCount { get; set; } = 1;

    /// <summary>
    /// Split each run's mapping work into Hangfire jobs (one per hardware point and rung) that any
    /// worker executes, so one run uses every worker. Null (the default) splits with the
    /// <c>postgres</c> provider, where other processes can take the jobs, and not with <c>sqlite</c>.
    /// </summary>
    public bool? SplitRuns { get; set; }

    /// <summary>True when runs are split (see <see cref="SplitRuns"/>) with this storage provider.</summary>
    public bool SplitsRuns(Hosting.StorageProvider provider) => SplitRuns ?? provider == Hosting.StorageProvider.Postgres;

    /// <summary>
    /// With split runs: a rung that needs fewer mapping evaluations than this (over all its points and layers)
    /// runs in the run's own job instead, where handing it out would cost more than it saves.
    /// </summary>
    public long SplitMinEvaluations { get; set; } = 5_000;

    /// <summary>With split runs: how many mapping jobs this process executes at once (each on all its engine threads).</summary>
    public int MappingWorkerCount { get; set; } = 1;

    /// <summary>Threads each run's mapping searches use; null or 0 uses every core.</summary>
    public int? EngineThreads { get; set; }

    /// <summary>Largest accepted upload or request body (workload, space or run config), bytes.</summary>
    public long MaxUploadBytes { get; set; } = 1_048_576;

    /// <summary>Serve the Hangfire dashboard at /hangfire (to admins only).</summary>
    public bool DashboardEnabled { get; set; } = true;

    /// <summary>How often the run page pushes chart updates to the browser, milliseconds.</summary>
    public int ChartFlushMilliseconds { get; set; } = 250;

    /// <summary>Directory the relative paths above are taken from (set at startup).</summary>
    public string BaseDirectory { get; set; } = Directory.GetCurrentDirectory();

    /// <summary>A setting's path made absolute.</summary>
    public string Resolve(string path) => Path.GetFullPath(Path.Combine(BaseDirectory, path));

    /// <summary>Absolute data directory.</summary>
    public string DataPath => Resolve(DataDirectory);

    /// <summary>Directory of one run (its checkpoint and result files).</summary>
    public string RunDirectory(long runId) => Path.Combine(DataPath, "runs", runId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Directory of one comparison (each contestant's and seed's checkpoint and files, the report).</summary>
    public string ComparisonDirectory(long id) => Path.Combine(DataPath, "comparisons", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>Section <c>Unico:Storage</c>: the database of the app and of Hangfire's jobs.</summary>
public sealed class StorageOptions
{
    /// <summary><c>sqlite</c> (the default: two files under the data directory, one process) or <c>postgres</c> (any number of web and worker processes).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>With <c>postgres</c>: the Npgsql connection string (from the environment, <c>Unico__Storage__ConnectionString</c>; never committed).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// With <c>postgres</c>: how long a job a worker fetched stays invisible to other workers
    /// without that worker's heartbeat. A killed worker's job is taken up again after this long.
    /// </summary>
    public int InvisibilityTimeoutSeconds { get; set; } = 30;
}
