using Hangfire;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using Unico.Web;
using Unico.Web.Access;
using Unico.Web.Api;
using Unico.Web.Catalog;
using Unico.Web.Components;
using Unico.Web.Components.Pages.Run;
using Unico.Web.Data;
using Unico.Web.Hosting;
using Unico.Web.Runs;
using Unico.Web.Security;

EngineThread.ReservePoolThreads();
var builder = WebApplication.CreateBuilder(HostPaths.Options(args));
HostPaths.ServeBuildOutputAssets(builder);
var settingsDirectory = OperatorSettings.Add(builder);
var unico = builder.Configuration.GetSection(UnicoOptions.Section).Get<UnicoOptions>() ?? new UnicoOptions();
unico.BaseDirectory = settingsDirectory;
builder.Services.Configure<UnicoOptions>(builder.Configuration.GetSection(UnicoOptions.Section));
builder.Services.PostConfigure<UnicoOptions>(o => o.BaseDirectory = settingsDirectory);
builder.Services.Configure<LimitsOptions>(builder.Configuration.GetSection(LimitsOptions.Section));

var role = HostSettings.Role(unico.Role);
Directory.CreateDirectory(unico.DataPath);
builder.WebHost.ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    // Uploads and API bodies: the app reads at most MaxUploadBytes itself; Kestrel refuses anything far larger.
    k.Limits.MaxRequestBodySize = Math.Max(unico.MaxUploadBytes, 1024) * 2;
});

// Storage: SQLite files (default) or one PostgreSQL database shared by web and worker processes.
var provider = builder.AddUnicoStorage(unico);
builder.Services.AddHangfire(c => c
    .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
    .UseSimpleAssemblyNameTypeSerializer()
    .UseRecommendedSerializerSettings());
if (role.RunsJobs())
{
    builder.Services.AddHostedService<RunRecovery>(); // before the Hangfire server: hosted services start in order
    builder.Services.AddHangfireServer(o =>
    {
        o.ServerName = HangfireServers.Name(role);
        o.WorkerCount = Math.Max(1, unico.WorkerCount);
        o.ShutdownTimeout = TimeSpan.FromSeconds(30);
        o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        // Short heartbeats: a dead worker leaves the dashboard's server list soon.
        o.HeartbeatInterval = TimeSpan.FromSeconds(5);
        o.ServerTimeout = TimeSpan.FromSeconds(30);
        o.ServerCheckInterval = TimeSpan.FromSeconds(15);
    });
    if (unico.SplitsRuns(provider))
    {
        // Mapping jobs get workers of their own: a run's job waits for them and must not hold the only one.
        builder.Services.AddHangfireServer(o =>
        {
            o.ServerName = HangfireServers.Name(role);
            o.Queues = [MappingJob.Queue];
            o.WorkerCount = Math.Max(1, unico.MappingWorkerCount);
            o.ShutdownTimeout = TimeSpan.FromSeconds(30);
            o.HeartbeatInterval = TimeSpan.FromSeconds(5);
            o.ServerTimeout = TimeSpan.FromSeconds(30);
            o.ServerCheckInterval = TimeSpan.FromSeconds(15);
        });
    }
}

builder.Services.AddSingleton<RunEventHub>();
if (provider == StorageProvider.Postgres && role.ServesPages()) builder.Services.AddHostedService<RunRelay>(); // runs execute on workers anywhere
builder.Services.AddSingleton<RunCancellations>();
builder.Services.AddSingleton<RunStore>();
builder.Services.AddSingleton<RunDocuments>();
builder.Services.AddSingleton<RunLimits>();
builder.Services.AddSingleton<RunSubmissionLimiter>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<RunPagePreloads>();
builder.Services.AddSingleton<CatalogService>();
builder.Services.AddSingleton<CatalogImport>();
builder.Services.AddSingleton<ArchitectureImport>();
builder.Services.AddSingleton<TimeloopExport>();
builder.Services.AddSingleton<CompareService>();
builder.Services.AddSingleton<RunScales>();
builder.Services.AddScoped<RunService>();
builder.Services.AddTransient<RunJob>();
builder.Services.AddTransient<MappingJob>();
builder.Services.AddSingleton<RungItemRunners>();
builder.Services.AddKeyedSingleton<RunCancellations>(Unico.Web.Comparisons.ComparisonJob.CancellationsKey);
builder.Services.AddScoped<Unico.Web.Comparisons.ComparisonService>();
builder.Services.AddTransient<Unico.Web.Comparisons.ComparisonJob>();
builder.Services.AddHealthChecks()
    .AddCheck<DatabaseHealthCheck>("database")
    .AddCheck<HangfireHealthCheck>("hangfire");
builder.Services.AddProblemDetails();
builder.AddUnicoAccess(unico.DataPath);
var corsAllows = builder.AddApiCors();

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.Services.AddMudServices();

var app = builder.Build();

await UnicoStorage.MigrateAsync(app.Services, provider);

if (!role.ServesPages())
{
    // A worker answers /healthz and nothing else.
    app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthJson.WriteAsync }).AllowAnonymous();
    await app.RunAsync();
    return;
}

app.UseSecurityHeaders();
app.UseApiErrors();
app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), pages =>
{
    if (!app.Environment.IsDevelopment()) pages.UseExceptionHandler("/Error", createScopeForErrors: true);
    pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
});
app.UseRouting();
app.UseApiCors();
app.UseApiRequestRules(corsAllows);
app.UseUnicoAccess();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapRunsApi();
app.MapComparisonsApi();
app.MapCatalogApi();
app.MapTimeloopApi();
app.MapAccountEndpoints();
app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthJson.WriteAsync }).AllowAnonymous();
if (unico.DashboardEnabled)
{
    app.UseHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new DashboardAccess()], DisplayStorageConnectionString = false });
}
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();
app.MapApiFallback();

await app.RunAsync();

/// <summary>The entry point (public for WebApplicationFactory).</summary>
public partial class Program;
