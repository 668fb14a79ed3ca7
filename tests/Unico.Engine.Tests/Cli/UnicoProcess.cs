using System.Diagnostics;

namespace Unico.Engine.Tests.Cli;

/// <summary>Runs the real `unico` binary (built beside the tests) and captures its output.</summary>
internal static class UnicoProcess
{
    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "unico.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
