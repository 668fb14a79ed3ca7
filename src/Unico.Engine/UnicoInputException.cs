namespace Unico.Engine;

/// <summary>
/// Bad user input: a file, field or value that Unico cannot accept. The message names the file,
/// the line (when known) and the field at fault, so the user can fix it without guessing.
/// </summary>
public sealed class UnicoInputException : Exception
{
    /// <summary>Creates an input error.</summary>
    /// <param name="message">What is wrong, in the user's terms.</param>
    /// <param name="file">The file at fault, if the input came from a file.</param>
    /// <param name="line">1-based line in <paramref name="file"/>, if known.</param>
    /// <param name="field">The field or key at fault, if known.</param>
    public UnicoInputException(string message, string? file = null, int? line = null, string? field = null)
        : base(Compose(message, file, line, field))
    {
        File = file;
        Line = line;
        Field = field;
        Detail = message;
    }

    /// <summary>The file at fault, if any.</summary>
    public string? File { get; }

    /// <summary>1-based line in <see cref="File"/>, if known.</summary>
    public int? Line { get; }

    /// <summary>The field or key at fault, if known.</summary>
    public string? Field { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Detail { get; }

    private static string Compose(string message, string? file, int? line, string? field)
    {
        var where = file is null ? "" : line is null ? $"{file}: " : $"{file}:{line}: ";
        var what = field is null ? "" : $"'{field}': ";
        return where + what + message;
    }
}
