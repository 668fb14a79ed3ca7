namespace Unico.Engine.Hardware;

/// <summary>
/// Names the template gives its levels. The defaults are the Eyeriss reference's (so Timeloop
/// mappings written for it apply unchanged); a space may rename them.
/// </summary>
public sealed record LevelNames
{
    /// <summary>Off-chip memory (<c>DRAM</c>).</summary>
    public string Dram { get; init; } = "DRAM";

    /// <summary>Global buffer (<c>shared_glb</c>).</summary>
    public string GlobalBuffer { get; init; } = "shared_glb";

    /// <summary>Container of one PE column; its fan-out level is <c>inter_NAME_spatial</c> (<c>PE_column</c>).</summary>
    public string ColumnContainer { get; init; } = "PE_column";

    /// <summary>Container of one PE; its fan-out level is <c>inter_NAME_spatial</c> (<c>PE</c>).</summary>
    public string PeContainer { get; init; } = "PE";

    /// <summary>Per-PE input scratchpad (<c>ifmap_spad</c>).</summary>
    public string Ifmap { get; init; } = "ifmap_spad";

    /// <summary>Per-PE weight scratchpad (<c>weights_spad</c>).</summary>
    public string Weights { get; init; } = "weights_spad";

    /// <summary>Per-PE partial-sum scratchpad (<c>psum_spad</c>).</summary>
    public string Psum { get; init; } = "psum_spad";

    /// <summary>Per-MAC weight register (<c>weight_reg</c>).</summary>
    public string WeightReg { get; init; } = "weight_reg";

    /// <summary>The MAC unit (<c>mac</c>).</summary>
    public string Mac { get; init; } = "mac";

    /// <summary>Fan-out level of the PE columns (X): <c>inter_PE_column_spatial</c> by default.</summary>
    public string ColumnFanout => $"inter_{ColumnContainer}_spatial";

    /// <summary>Fan-out level of the PEs within a column (Y): <c>inter_PE_spatial</c> by default.</summary>
    public string PeFanout => $"inter_{PeContainer}_spatial";

    /// <summary>JSON keys of the names, in level order.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["dram", "global_buffer", "column_container", "pe_container", "ifmap", "weights", "psum", "weight_reg", "mac"];

    /// <summary>The name stored under a JSON key.</summary>
    public string Get(string key) => key switch
    {
        "dram" => Dram,
        "global_buffer" => GlobalBuffer,
        "column_container" => ColumnContainer,
        "pe_container" => PeContainer,
        "ifmap" => Ifmap,
        "weights" => Weights,
        "psum" => Psum,
        "weight_reg" => WeightReg,
        "mac" => Mac,
        _ => throw new UnicoInputException($"unknown level key (known: {string.Join(", ", Keys)})", field: key),
    };

    /// <summary>These names with one changed, by JSON key.</summary>
    public LevelNames With(string key, string name) => key switch
    {
        "dram" => this with { Dram = name },
        "global_buffer" => this with { GlobalBuffer = name },
        "column_container" => this with { ColumnContainer = name },
        "pe_container" => this with { PeContainer = name },
        "ifmap" => this with { Ifmap = name },
        "weights" => this with { Weights = name },
        "psum" => this with { Psum = name },
        "weight_reg" => this with { WeightReg = name },
        "mac" => this with { Mac = name },
        _ => throw new UnicoInputException($"unknown level key (known: {string.Join(", ", Keys)})", field: key),
    };

    /// <summary>Every level name the template can produce (fan-out levels included).</summary>
    public IEnumerable<string> All() => [Dram, GlobalBuffer, ColumnFanout, PeFanout, Ifmap, Weights, Psum, WeightReg, Mac];
}
