using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Unico.Engine.Hardware;

/// <summary>
/// The design spaces shipped with Unico, as JSON files embedded in the engine
/// (src/Unico.Engine/Hardware/Spaces): <c>eyeriss-like</c> and <c>simba-like</c>.
/// </summary>
public static class BuiltInSpaces
{
    private const string Prefix = "Unico.Engine.Hardware.Spaces.";
    private static readonly Lazy<ImmutableDictionary<string, DesignSpace>> Spaces = new(Load);

    /// <summary>Names of the built-in spaces.</summary>
    public static ImmutableArray<string> Names => [.. Spaces.Value.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Every built-in space, by name.</summary>
    public static IEnumerable<DesignSpace> All => Names.Select(n => Spaces.Value[n]);

    /// <summary>A built-in space by name.</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out DesignSpace? space) => Spaces.Value.TryGetValue(name, out space);

    /// <summary>A built-in space by name; throws naming the known ones.</summary>
    public static DesignSpace Get(string name) =>
        TryGet(name, out var space) ? space : throw new UnicoInputException($"no built-in space '{name}' (built-in spaces: {string.Join(", ", Names)})");

    /// <summary>The JSON text of a built-in space, as shipped.</summary>
    public static string Json(string name)
    {
        using var stream = typeof(BuiltInSpaces).Assembly.GetManifestResourceStream($"{Prefix}{name}.json")
            ?? throw new UnicoInputException($"no built-in space '{name}' (built-in spaces: {string.Join(", ", Names)})");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static ImmutableDictionary<string, DesignSpace> Load()
    {
        var assembly = typeof(BuiltInSpaces).Assembly;
        var result = ImmutableDictionary.CreateBuilder<string, DesignSpace>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(Prefix, StringComparison.Ordinal) && r.EndsWith(".json", StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..^".json".Length];
            var space = DesignSpace.Parse(Json(name), $"built-in:{name}");
            result[space.Name] = space;
        }
        return result.ToImmutable();
    }
}
