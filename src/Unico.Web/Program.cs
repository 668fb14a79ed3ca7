using Hangfire;
using Hangfire.Storage.SQLite;
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
using Unico.Web.Runs;
using Unico.Web.Security;

var builder = WebApplication.CreateBuilder(HostPaths.Options(args));
HostPaths.ServeBuildOutputAssets(builder);
var settingsDirectory = OperatorSettings.Add(builder);
var unico = builder.Configuration.GetSection(UnicoOptions.Section).Get<UnicoOptions>() ?? new UnicoOptions();
unico.BaseDirectory = settingsDirectory;
builder.Services.Configure<UnicoOptions>(builder.Configuration.GetSection(UnicoOptions.Section));
builder.Services.PostConfigure<UnicoOptions>(o => o.BaseDirectory = settingsDirectory);
builder.Services.Configure<LimitsOptions>(builder.Configuration.GetSection(LimitsOptions.Section));

// Storage: the app's SQLite database (EF Core, WAL) and Hangfire's own SQLite job storage.
var databasePath = unico.Resolve(unico.DatabasePath);
var hangfirePath = unico.Resolve(unico.HangfireDatabasePath);
Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
Directory.CreateDirectory(Path.GetDirectoryName(hangfirePath)!);
Directory.CreateDirectory(unico.DataPath);
builder.WebHost.ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    // Uploads and API bodies: the app reads at most MaxUploadBytes itself; Kestrel refuses anything far larger.
    k.Limits.MaxRequestBodySize = Math.Max(unico.MaxUploadBytes, 1024) * 2;
});
builder.Services.AddDbContextFactory<UnicoDbContext>(o => o.UseSqlite($"Data Source={databasePath};Default Timeout=30"));

// Created lazily, after Hangfire's global configuration (its log provider) belongs to this host.
builder.Services.AddSingleton<JobStorage>(sp =>
{
    sp.GetRequiredService<IGlobalConfiguration>();
    return new SQLiteStorage(hangfirePath, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(500) });
});
builder.Services.AddHangfire(c => c
    .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
    .UseSimpleAssemblyNameTypeSerializer()
    .UseRecommendedSerializerSettings());
builder.Services.AddHostedService<RunRecovery>(); // before the Hangfire server: hosted services start in order
builder.Services.AddHangfireServer(o =>
{
    o.WorkerCount = Math.Max(1, unico.WorkerCount);
    o.ShutdownTimeout = TimeSpan.FromSeconds(30);
    o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
});

builder.Services.AddSingleton<RunEventHub>();
builder.Services.AddSingleton<RunCancellations>();
builder.Services.AddSingleton<RunStore>();
builder.Services.AddSingleton<RunLimits>();
builder.Services.AddSingleton<RunSubmissionLimiter>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<RunPagePreloads>();
builder.Services.AddSingleton<CatalogService>();
builder.Services.AddSingleton<CatalogImport>();
builder.Services.AddSingleton<CompareService>();
builder.Services.AddScoped<RunService>();
builder.Services.AddTransient<RunJob>();
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

await using (var scope = app.Services.CreateAsyncScope())
{
    var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<UnicoDbContext>>();
    await using var db = await factory.CreateDbContextAsync();
    await db.Database.MigrateAsync();
    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
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
app.MapCatalogApi();
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
