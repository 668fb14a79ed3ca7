namespace Unico.Engine;

/// <summary>
/// Bounds every reader of user input keeps, so that no file, however hostile, can exhaust the
/// stack, the memory or the processor: nesting depth, size, and (YAML) the number of nodes once
/// aliases are expanded. A file beyond a bound is an <see cref="UnicoInputException"/>.
/// </summary>
public static class InputLimits
{
    /// <summary>Deepest nesting of objects, lists or mappings (the real formats need fewer than 10).</summary>
    public const int MaxDepth = 64;

    /// <summary>Largest text a reader accepts, in characters (real inputs are a few kilobytes).</summary>
    public const int MaxChars = 16 * 1024 * 1024;

    /// <summary>Most YAML nodes a document may stand for with every alias expanded (billion-laughs files stand for billions).</summary>
    public const long MaxYamlNodes = 1_000_000;
}
