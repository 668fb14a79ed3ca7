using Bunit;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Unico.Web.Catalog;
using Unico.Web.Data;
using Unico.Web.Hosting;
using Unico.Web.Runs;
using Unico.Web.Tests.Integration;

namespace Unico.Web.Tests.Components;

/// <summary>
/// bUnit context with the app's real services over a SQLite file in a temporary directory
/// (migrated like the app's), MudBlazor, loose JS interop and interactive rendering.
/// </summary>
public sealed class ComponentTestContext : BunitContext
{
    private readonly TempDirectory _dir = new();

    /// <summary>Sets the services up.</summary>
    public ComponentTestContext()
    {
        // Renders wait on the database and the engine: on a loaded 2-core CI machine bUnit's
        // one-second default has been too short for a correct page.
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        var options = new UnicoOptions { DataDirectory = _dir.Path, BaseDirectory = _dir.Path, ChartFlushMilliseconds = 5000 };
        var dbPath = Path.Combine(_dir.Path, "unico.db");
        Services.AddDbContextFactory<UnicoDbContext>(o => o.UseSqlite($"Data Source={dbPath}"));
        Services.AddSingleton(Options.Create(options));
        Services.AddSingleton<RunEventHub>();
        Services.AddSingleton<RunCancellations>();
        Services.AddSingleton<RunStore>();
        Services.AddSingleton(new StorageInfo(StorageProvider.Sqlite));
        Services.AddSingleton<RunDocuments>();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<Unico.Web.Components.Pages.Run.RunPagePreloads>();
        Services.AddOptions<LimitsOptions>();
        Services.AddSingleton<RunLimits>();
        Services.AddSingleton<RunSubmissionLimiter>();
        Services.AddSingleton<CatalogService>();
        Services.AddSingleton<CatalogImport>();
        Services.AddSingleton<ArchitectureImport>();
        Services.AddSingleton<CompareService>();
        Services.AddSingleton<RunScales>();
        Services.AddSingleton<IBackgroundJobClient>(Jobs);
        Services.AddScoped<RunService>();
        Services.AddKeyedSingleton<RunCancellations>(Unico.Web.Comparisons.ComparisonJob.CancellationsKey);
        Services.AddScoped<Unico.Web.Comparisons.ComparisonService>();
        Services.AddMudServices(c => c.PopoverOptions.CheckForPopoverProvider = false);
        AddAuthorization().SetAuthorized("local user").SetRoles(Unico.Web.Access.Schemes.AdminRole);
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        using var db = Services.GetRequiredService<IDbContextFactory<UnicoDbContext>>().CreateDbContext();
        db.Database.Migrate();
    }

    /// <summary>Jobs the pages enqueued (none run: these tests are about the pages).</summary>
    public RecordingJobClient Jobs { get; } = new();

    /// <summary>A new database context.</summary>
    public UnicoDbContext Db() => Services.GetRequiredService<IDbContextFactory<UnicoDbContext>>().CreateDbContext();

    /// <inheritdoc/>
    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}

/// <summary>Records the jobs a component enqueues.</summary>
public sealed class RecordingJobClient : IBackgroundJobClient
{
    /// <summary>Created jobs.</summary>
    public List<Job> Created { get; } = [];

    /// <inheritdoc/>
    public string Create(Job job, IState state)
    {
        Created.Add(job);
        return Created.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public bool ChangeState(string jobId, IState state, string expectedState) => true;
}
