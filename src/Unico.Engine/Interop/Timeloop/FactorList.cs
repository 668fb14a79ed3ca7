using System.Collections.Immutable;
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Unico.Engine.Interop.Timeloop;

/// <summary>
/// Timeloop's factor and permutation notations: <c>"C1 M8 R1"</c>, <c>"C=1 M=8"</c>, a YAML list
/// of <c>C=1</c> items, or a mapping <c>{C: 1}</c>; permutations as <c>"MCRSNPQ"</c> (one letter per
/// dimension, innermost first) or a list of names.
/// </summary>
internal static class FactorList
{
    public static ImmutableDictionary<string, int> Parse(YamlDocument doc, YamlNode node, string field)
    {
        var result = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        void Add(string token, YamlNode at)
        {
            token = token.Trim();
            if (token.Length == 0) return;
            string name;
            string number;
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                name = token[..eq].Trim();
                number = token[(eq + 1)..].Trim();
            }
            else
            {
                var cut = token.Length;
                while (cut > 0 && char.IsAsciiDigit(token[cut - 1])) cut--;
                name = token[..cut];
                number = token[cut..];
            }
            if (name.Length == 0 || number.Length == 0 || !int.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                throw doc.Error(at, $"cannot read factor '{token}': write it as C4 or C=4", field);
            if (value <= 0) throw doc.Error(at, $"factor of {name} must be a positive integer, got {value}", field);
            if (result.ContainsKey(name)) throw doc.Error(at, $"factor of {name} is given twice", field);
            result[name] = value;
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                foreach (var token in (scalar.Value ?? "").Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries)) Add(token, node);
                break;
            case YamlSequenceNode seq:
                foreach (var item in seq.Children) Add(doc.Scalar(item, field), item);
                break;
            case YamlMappingNode map:
                foreach (var entry in map.Children) Add($"{doc.Scalar(entry.Key, field)}={doc.Scalar(entry.Value, field)}", entry.Value);
                break;
        }
        return result.ToImmutable();
    }

    public static ImmutableArray<string> ParsePermutation(YamlDocument doc, YamlNode node)
    {
        if (node is YamlSequenceNode seq) return [.. seq.Children.Select(c => doc.Scalar(c, "permutation").Trim())];
        var text = doc.Scalar(node, "permutation").Trim();
        if (text.IndexOfAny([' ', ',']) >= 0) return [.. text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)];
        return [.. text.Select(c => c.ToString())];
    }
}
