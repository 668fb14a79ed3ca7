using Unico.Engine;

namespace Unico.Cli;

/// <summary>Process exit codes of the `unico` command.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int BadInput = 2;
    public const int InvalidMapping = 3;
    public const int Failure = 1;
    public const int Cancelled = 130;
}

/// <summary>Runs a command body and turns input errors into a clear message and a non-zero exit.</summary>
internal static class CliRunner
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (UnicoInputException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
