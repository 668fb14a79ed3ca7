using System.Diagnostics;
using Unico.Web.Tests.Integration;

namespace Unico.Web.Tests.Hosting;

/// <summary>
/// The published app as an operator starts it (issue 10): from another working directory it serves
/// its static files and its pages, and its address follows ASP.NET Core's order (command line over
/// environment over the settings file). The app is published once per class, into a temporary directory.
/// </summary>
[Collection(AppTests.Name)]
public sealed class PublishedAppTests : IClassFixture<PublishedAppTests.Published>
{
    private readonly Published _app;

    /// <summary>Takes the published app.</summary>
    public PublishedAppTests(Published app) => _app = app;

    [Fact]
    public async Task Started_from_another_directory_it_serves_its_static_files_and_pages()
    {
        using var cwd = new TempDirectory();
        var port = TestEnvironment.FreePort();
        await using var process = await AppProcess.StartAsync(_app.Dll, cwd.Path, [], new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var css = await client.GetStringAsync(new Uri("/app.css", UriKind.Relative));
        var blazor = await client.GetByteArrayAsync(new Uri("/_framework/blazor.web.js", UriKind.Relative));
        var page = await client.GetStringAsync(new Uri("/runs", UriKind.Relative));

        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(_app.Directory, "wwwroot", "app.css")), css);
        Assert.True(blazor.Length > 10_000, $"blazor.web.js has {blazor.Length} bytes");
        Assert.Contains("<title>Runs - Unico</title>", page, StringComparison.Ordinal);
        // Relative data paths: with no settings file found, next to the app.
        Assert.True(File.Exists(Path.Combine(_app.Directory, "data", "unico.db")));
        Assert.False(Directory.Exists(Path.Combine(cwd.Path, "data")));
    }

    [Theory]
    [InlineData(false, false, "file")]
    [InlineData(true, false, "environment")]
    [InlineData(false, true, "command line")]
    [InlineData(true, true, "command line")]
    public async Task The_command_line_beats_the_environment_which_beats_the_settings_file(bool environment, bool commandLine, string winner)
    {
        using var cwd = new TempDirectory();
        var (file, env, args) = (TestEnvironment.FreePort(), TestEnvironment.FreePort(), TestEnvironment.FreePort());
        await File.WriteAllTextAsync(Path.Combine(cwd.Path, "appsettings.json"), $$"""{ "Urls": "http://127.0.0.1:{{file}}", "Unico": { "DataDirectory": "data" } }""");
        var variables = environment ? new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{env}" } : [];
        string[] arguments = commandLine ? ["--urls", $"http://127.0.0.1:{args}"] : [];

        await using var process = await AppProcess.StartAsync(_app.Dll, cwd.Path, arguments, variables);

        var expected = winner switch { "file" => file, "environment" => env, _ => args };
        Assert.Contains($"Now listening on: http://127.0.0.1:{expected}", process.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(cwd.Path, "data", "unico.db")), "relative data paths follow the settings file");
    }

    /// <summary>The web app published into a temporary directory (from the build the tests run against).</summary>
    public sealed class Published : IDisposable
    {
        private readonly TempDirectory _dir = new();

        /// <summary>Publishes it.</summary>
        public Published()
        {
            var root = TestEnvironment.RepoRoot();
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "src", "Unico.Web", "Unico.Web.csproj"), "-c", configuration, "--no-build", "-o", _dir.Path, "-nologo"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = publish.StandardOutput.ReadToEnd() + publish.StandardError.ReadToEnd();
            publish.WaitForExit();
            Assert.True(publish.ExitCode == 0, output);
        }

        /// <summary>The publish directory.</summary>
        public string Directory => _dir.Path;

        /// <summary>The app's entry assembly.</summary>
        public string Dll => Path.Combine(_dir.Path, "Unico.Web.dll");

        /// <inheritdoc/>
        public void Dispose() => _dir.Dispose();
    }

    // The app as a child process; stopped (by its id) when disposed.
    private sealed class AppProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        private AppProcess(Process process) => _process = process;

        public string Output
        {
            get
            {
                lock (_output) return _output.ToString();
            }
        }

        public static async Task<AppProcess> StartAsync(string dll, string workingDirectory, string[] args, Dictionary<string, string> environment)
        {
            var info = new ProcessStartInfo("dotnet", [dll, .. args]) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var name in new[] { "ASPNETCORE_URLS", "URLS", "ASPNETCORE_ENVIRONMENT", "UNICO_SETTINGS", "ASPNETCORE_CONTENTROOT" }) info.Environment.Remove(name);
            foreach (var (name, value) in environment) info.Environment[name] = value;
            var app = new AppProcess(Process.Start(info)!);
            app._process.OutputDataReceived += (_, e) => app.Append(e.Data);
            app._process.ErrorDataReceived += (_, e) => app.Append(e.Data);
            app._process.BeginOutputReadLine();
            app._process.BeginErrorReadLine();
            var until = DateTime.UtcNow.AddMinutes(1);
            while (!app.Output.Contains("Application started", StringComparison.Ordinal))
            {
                if (app._process.HasExited || DateTime.UtcNow > until) throw new InvalidOperationException("the app did not start:\n" + app.Output);
                await Task.Delay(100);
            }
            return app;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_output) _output.AppendLine(line);
        }
    }
}
