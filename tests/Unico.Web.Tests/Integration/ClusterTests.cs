using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Unico.Engine.CoSearch;
using Unico.Web.Hosting;
using Xunit.Abstractions;

namespace Unico.Web.Tests.Integration;

/// <summary>
/// The deployment of docs/deploy.md, for real: one web process and two worker processes of the
/// built app (<c>dotnet Unico.Web.dll</c>) on one PostgreSQL database, each with its own data
/// directory, talking only through the database. Runs are split: both workers run mapping jobs of one run.
/// </summary>
[Collection(AppTests.Name)]
public sealed class ClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_run_submitted_to_the_web_process_finishes_on_the_workers_and_SIGKILLs_of_its_worker_and_of_the_web_process_change_nothing()
    {
        using var dir = new TempDirectory();
        var database = dir.Postgres;
        await using var cluster = new Cluster(dir.Path, database, output, splitMinEvaluations: 0); // every rung of this small run is split
        var web = cluster.Start("web");
        var workers = new[] { cluster.Start("worker"), cluster.Start("worker") };
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        foreach (var p in workers.Append(web)) await p.WaitHealthyAsync();

        var config = TestConfigs.Tiny(budget: 150_000, name: "cluster");
        var (status, submitted) = await Api.SubmitAsync(client, config);
        Assert.Equal(HttpStatusCode.Accepted, status);
        var id = submitted.GetProperty("id").GetInt64();

        // The run is under way (past its first batch) and both workers ran mapping jobs of it: kill
        // the worker that coordinates it (the first the run lists) outright, mid-rung.
        var running = await Api.WaitAsync(client, id,
            r => r.GetProperty("status").GetString() == "running" && r.GetProperty("points").GetInt32() >= 4
                && r.GetProperty("work").EnumerateArray().Count(w => w.GetProperty("mapping_jobs").GetInt32() > 0) == 2,
            TimeSpan.FromMinutes(2));
        var first = running.GetProperty("workers")[0].GetString()!;
        var victim = workers.SingleOrDefault(w => first.EndsWith("-worker-" + w.Pid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"the run's worker '{first}' is none of the worker processes ({string.Join(", ", workers.Select(w => w.Pid))})");
        victim.Kill();
        output.WriteLine($"killed {first} at {running.GetProperty("points").GetInt32()} points; work so far: {running.GetProperty("work")}");

        // The web process goes down too: runs live on the workers; a new web process shows them.
        web.Kill();
        web = cluster.Start("web");
        await web.WaitHealthyAsync();
        client.Dispose();
        client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web.Port}"), Timeout = TimeSpan.FromSeconds(30) };

        // The other worker takes the job up once its invisibility runs out, and resumes the run.
        var finished = await Api.WaitFinishedAsync(client, id, TimeSpan.FromMinutes(4));
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        var names = finished.GetProperty("workers").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Equal(2, names.Count);
        Assert.Contains(first, names);
        Assert.True(finished.GetProperty("resumes").GetInt32() >= 1);

        // Both workers ran mapping jobs; the result is exactly that of one uninterrupted process.
        Assert.All(finished.GetProperty("work").EnumerateArray(), w => Assert.True(w.GetProperty("mapping_jobs").GetInt32() > 0, w.ToString()));
        var reference = CoSearchRun.Create(CoSearchConfigJson.Parse(config)).Run();
        var points = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/runs/{id}/points", UriKind.Relative))).RootElement;
        SplitRunTests.AssertSameRun(reference, finished, points);
        await using (var db = dir.OpenDatabase(StorageProvider.Postgres))
            RunRecordAssert.SamePoints(reference, await db.Points.AsNoTracking().Where(p => p.RunId == id).OrderBy(p => p.PointId).ToListAsync());
        client.Dispose();
    }

    /// <summary>
    /// Throughput of runs on 1 and 2 worker processes (docs/benchmarks.md), and what a run costs
    /// around its engine: the job's wall clock minus the engine's own seconds.
    /// </summary>
    [Theory]
    [Trait("Category", "Benchmark")]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Throughput_of_four_single_threaded_runs(int workerCount)
    {
        using var dir = new TempDirectory();
        await using var cluster = new Cluster(dir.Path, dir.Postgres, output);
        var web = cluster.Start("web");
        var workers = Enumerable.Range(0, workerCount).Select(_ => cluster.Start("worker")).ToList();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        foreach (var p in workers.Append(web)) await p.WaitHealthyAsync();
        var clock = Stopwatch.StartNew();
        var ids = new List<long>();
        for (var seed = 1; seed <= 4; seed++)
        {
            var config = TestConfigs.Tiny(budget: 300_000, name: $"throughput-{seed}").Replace("\"seed\": 1", $"\"seed\": {seed}, \"threads\": 1", StringComparison.Ordinal);
            var (_, run) = await Api.SubmitAsync(client, config);
            ids.Add(run.GetProperty("id").GetInt64());
        }
        var finished = new List<JsonElement>();
        foreach (var id in ids) finished.Add(await Api.WaitFinishedAsync(client, id, TimeSpan.FromMinutes(10)));
        var seconds = clock.Elapsed.TotalSeconds;
        Assert.All(finished, f => Assert.Equal("succeeded", f.GetProperty("status").GetString()));
        var evaluations = finished.Sum(f => f.GetProperty("mapping_evaluations").GetInt64());
        var overheads = finished.Select(f =>
            (f.GetProperty("finished_at").GetDateTime() - f.GetProperty("started_at").GetDateTime()).TotalSeconds - f.GetProperty("elapsed_seconds").GetDouble()).Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{workerCount} worker(s): 4 runs, {evaluations:N0} mapping evaluations in {seconds:F1} s = {evaluations / seconds:N0} evaluations/s; per run, job seconds beyond the engine's: {string.Join(", ", overheads.Select(o => o.ToString("F2", CultureInfo.InvariantCulture)))}"));
    }

    /// <summary>
    /// Throughput of one split run on 1 and 2 worker processes of one engine thread each (so that
    /// this 2-core machine can show what a second machine adds), and the mapping jobs' overhead:
    /// the run's wall clock against the jobs' own seconds (docs/benchmarks.md).
    /// </summary>
    [Theory]
    [Trait("Category", "Benchmark")]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Throughput_of_one_split_run(int workerCount)
    {
        using var dir = new TempDirectory();
        await using var cluster = new Cluster(dir.Path, dir.Postgres, output, engineThreads: 1);
        var web = cluster.Start("web");
        var workers = Enumerable.Range(0, workerCount).Select(_ => cluster.Start("worker")).ToList();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        foreach (var p in workers.Append(web)) await p.WaitHealthyAsync();
        // A mapping-heavy run (ResNet-18, b0 1000, eta 3, full 27000, batches of 8): on AlexNet at the
        // default budgets the mapping searches are a fifth of the wall clock and the optimizer the rest.
        var config = TestConfigs.Tiny(budget: 3_000_000, workload: "ResNet-18", name: "split-throughput").Replace(
            "\"initial_points\": 4, \"batch_size\": 4, \"b0\": 20, \"full_budget\": 180",
            "\"initial_points\": 8, \"batch_size\": 8, \"b0\": 1000, \"full_budget\": 27000, \"schedule\": \"fixed\"", StringComparison.Ordinal);
        Assert.Contains("27000", config, StringComparison.Ordinal);
        var (_, run) = await Api.SubmitAsync(client, config);
        var finished = await Api.WaitFinishedAsync(client, run.GetProperty("id").GetInt64(), TimeSpan.FromMinutes(15));
        Assert.Equal("succeeded", finished.GetProperty("status").GetString());
        var seconds = (finished.GetProperty("finished_at").GetDateTime() - finished.GetProperty("started_at").GetDateTime()).TotalSeconds;
        var evaluations = finished.GetProperty("mapping_evaluations").GetInt64();
        var work = finished.GetProperty("work").EnumerateArray().ToList();
        var jobs = work.Sum(w => w.GetProperty("mapping_jobs").GetInt32());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{workerCount} worker(s) x 1 thread: {evaluations:N0} mapping evaluations in {seconds:F1} s = {evaluations / seconds:N0} evaluations/s (engine {finished.GetProperty("elapsed_seconds").GetDouble():F1} s), {jobs} mapping jobs; work: {string.Join("; ", work.Select(w => $"{w.GetProperty("worker").GetString()} {w.GetProperty("mapping_jobs").GetInt32()} jobs {w.GetProperty("mapping_evaluations").GetInt64():N0} evaluations"))}"));
    }

    /// <summary>Processes of the built app on one database, killed at the end.</summary>
    private sealed class Cluster(string root, string database, ITestOutputHelper output, int? engineThreads = null, long? splitMinEvaluations = null) : IAsyncDisposable
    {
        private readonly List<AppProcess> _processes = [];

        public AppProcess Start(string role)
        {
            var port = TestEnvironment.FreePort();
            var data = Path.Combine(root, $"{role}-{_processes.Count}");
            Directory.CreateDirectory(data);
            var dll = Path.Combine(TestEnvironment.RepoRoot(), "src", "Unico.Web", "bin", Configuration, "net10.0", "Unico.Web.dll");
            if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is not built: build the solution first", dll);
            var start = new ProcessStartInfo("dotnet", [dll])
            {
                WorkingDirectory = data,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var env = start.Environment;
            env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            env["ASPNETCORE_ENVIRONMENT"] = "Production";
            env["Unico__Role"] = role;
            env["Unico__Storage__Provider"] = "postgres";
            env["Unico__Storage__ConnectionString"] = database;
            env["Unico__Storage__InvisibilityTimeoutSeconds"] = "10";
            env["Unico__DataDirectory"] = data;
            env["Unico__WorkerCount"] = "1";
            if (engineThreads is { } threads) env["Unico__EngineThreads"] = threads.ToString(CultureInfo.InvariantCulture);
            if (splitMinEvaluations is { } min) env["Unico__SplitMinEvaluations"] = min.ToString(CultureInfo.InvariantCulture);
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var app = new AppProcess(role, port, process, output);
            _processes.Add(app);
            return app;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var p in _processes) p.Kill();
            foreach (var p in _processes) await p.ExitedAsync();
        }

#if DEBUG
        private const string Configuration = "Debug";
#else
        private const string Configuration = "Release";
#endif
    }

    /// <summary>One process; its output goes to the test's log.</summary>
    private sealed class AppProcess
    {
        private readonly Process _process;

        public AppProcess(string role, int port, Process process, ITestOutputHelper output)
        {
            Role = role;
            Port = port;
            _process = process;
            Pid = process.Id;
            process.OutputDataReceived += (_, e) => Log(output, e.Data);
            process.ErrorDataReceived += (_, e) => Log(output, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Role { get; }

        public int Port { get; }

        public int Pid { get; }

        /// <summary>SIGKILL (no shutdown, no goodbye to Hangfire).</summary>
        public void Kill()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }

        public async Task ExitedAsync() => await _process.WaitForExitAsync();

        public async Task WaitHealthyAsync()
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(5) };
            var until = DateTime.UtcNow.AddMinutes(1);
            while (DateTime.UtcNow < until)
            {
                if (_process.HasExited) throw new InvalidOperationException($"the {Role} process exited with {_process.ExitCode}");
                try
                {
                    if ((await client.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode) return;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
                await Task.Delay(200);
            }
            throw new TimeoutException($"the {Role} process on port {Port} was not healthy within a minute");
        }

        private void Log(ITestOutputHelper output, string? line)
        {
            if (line is null) return;
            try
            {
                output.WriteLine($"[{Role} {Pid}] {line}");
            }
            catch (InvalidOperationException)
            {
                // the test is over
            }
        }
    }
}
