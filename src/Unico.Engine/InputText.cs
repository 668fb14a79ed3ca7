namespace Unico.Engine;

/// <summary>Checks on user-given text: names must be bounded and free of characters that hide or reorder what is shown.</summary>
public static class InputText
{
    /// <summary>What the readers say of an escaped lone surrogate (<c>"\ud800"</c>): it is no character, and no writer could store it.</summary>
    public const string LoneSurrogateProblem = "the text holds a lone UTF-16 surrogate (such as \\ud800), which is not a character";

    /// <summary>The index of the first lone (unpaired) UTF-16 surrogate, or -1.</summary>
    public static int LoneSurrogate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return i;
        }
        return -1;
    }

    /// <summary>
    /// A field path without its trailing list indexes (<c>x[0][0][0]</c> is <c>x</c>): where nesting
    /// went too deep or broke, the key holding it is what a user can find.
    /// </summary>
    public static string WithoutTrailingIndexes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        while (path.EndsWith(']') && path.LastIndexOf('[') is var open and >= 0) path = path[..open];
        return path;
    }

    /// <summary>
    /// What is wrong with a name (null when nothing): empty, longer than <paramref name="maxLength"/>,
    /// a control character, a bidirectional override or isolate (U+202A-U+202E, U+2066-U+2069, which
    /// make text display in another order than it reads), an invisible format character, or a lone surrogate.
    /// </summary>
    public static string? NameProblem(string name, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name)) return "must not be empty";
        if (name.Length > maxLength) return $"at most {maxLength} characters, got {name.Length}";
        if (LoneSurrogate(name) >= 0) return "contains a lone UTF-16 surrogate, which is not a character";
        foreach (var c in name)
        {
            if (char.IsControl(c)) return $"contains the control character U+{(int)c:X4}";
            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C')
                return $"contains the bidirectional formatting character U+{(int)c:X4}";
            if (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format && c != '\u200D')
                return $"contains the invisible format character U+{(int)c:X4}";
        }
        return null;
    }
}
