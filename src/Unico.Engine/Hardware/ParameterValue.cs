using System.Globalization;

namespace Unico.Engine.Hardware;

/// <summary>The value of one design parameter: an integer or a category name.</summary>
public readonly record struct ParameterValue
{
    private ParameterValue(long number, string? text)
    {
        Number = number;
        Text = text;
    }

    /// <summary>The integer value (0 for a category).</summary>
    public long Number { get; }

    /// <summary>The category name, or null for an integer.</summary>
    public string? Text { get; }

    /// <summary>True for a category name.</summary>
    public bool IsText => Text is not null;

    /// <summary>An integer value.</summary>
    public static ParameterValue Of(long number) => new(number, null);

    /// <summary>A category value.</summary>
    public static ParameterValue Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(0, text);
    }

    /// <summary>The value as written in JSON and on the command line.</summary>
    public override string ToString() => Text ?? Number.ToString(CultureInfo.InvariantCulture);
}
