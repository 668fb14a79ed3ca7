using System.Collections.Immutable;

namespace Unico.Engine.Hardware;

/// <summary>Which loops the PE array may unroll and which tensor stays put in the PEs.</summary>
public enum Dataflow
{
    /// <summary>Eyeriss' row stationary: filter rows stay in the PEs, columns take output rows (Timeloop's Eyeriss constraints).</summary>
    RowStationary,

    /// <summary>Weights stay in the PEs; input channels across rows, output channels across columns.</summary>
    WeightStationary,

    /// <summary>Partial sums stay in the PEs until complete; output pixels (and channels) across the array.</summary>
    OutputStationary,

    /// <summary>No dataflow constraints: only which register file holds which tensor.</summary>
    Free,
}

/// <summary>Whether an integer parameter or a category.</summary>
public enum ParameterType
{
    /// <summary>A whole number.</summary>
    Number,

    /// <summary>One of a list of names.</summary>
    Category,
}

/// <summary>A parameter of the hardware template: its name, type, default and legal values.</summary>
/// <param name="Name">JSON name, e.g. <c>pe_rows</c>.</param>
/// <param name="Type">Integer or category.</param>
/// <param name="Default">Value in the template's default (the Eyeriss reference configuration).</param>
/// <param name="Min">Smallest legal integer.</param>
/// <param name="Max">Largest legal integer.</param>
/// <param name="Choices">Legal category names (empty for integers).</param>
/// <param name="Description">What the parameter means, with its unit.</param>
public sealed record TemplateParameter(
    string Name, ParameterType Type, ParameterValue Default, long Min, long Max, ImmutableArray<string> Choices, string Description)
{
    /// <summary>Null when <paramref name="value"/> is legal for this parameter, else why not.</summary>
    public string? Check(ParameterValue value)
    {
        if (Type == ParameterType.Category)
        {
            if (!value.IsText) return $"expected one of {string.Join(", ", Choices)}, got the number {value}";
            return Choices.Contains(value.Text!, StringComparer.Ordinal) ? null : $"unknown value '{value}': expected one of {string.Join(", ", Choices)}";
        }
        if (value.IsText) return $"expected an integer, got '{value}'";
        if (value.Number < Min || value.Number > Max) return $"{value} is out of range: must be between {Min} and {Max}";
        return null;
    }
}

/// <summary>
/// One design point of the spatial-accelerator template, typed. The defaults are Timeloop's
/// Eyeriss-like reference architecture (14x12 PEs, 12/192/16-entry scratchpads of 16 bits,
/// 128 KB global buffer in 32 banks, 16 words/cycle into the array, LPDDR4, 8-bit words,
/// row stationary). See docs/hardware.md for each parameter.
/// </summary>
public sealed record HardwareConfig
{
    /// <summary>PE rows (the array's Y fan-out).</summary>
    public int PeRows { get; init; } = 12;

    /// <summary>PE columns (the array's X fan-out).</summary>
    public int PeCols { get; init; } = 14;

    /// <summary>Vector-MAC lanes per PE (Y fan-out inside a PE; 1 = one MAC per PE).</summary>
    public int PeLanes { get; init; } = 1;

    /// <summary>MACs per lane (X fan-out inside a PE; 1 = scalar).</summary>
    public int PeVectorWidth { get; init; } = 1;

    /// <summary>Entries of the per-PE input scratchpad (0 = none).</summary>
    public int IfmapSpadDepth { get; init; } = 12;

    /// <summary>Entries of the per-PE weight scratchpad (0 = none).</summary>
    public int WeightsSpadDepth { get; init; } = 192;

    /// <summary>Entries of the per-PE partial-sum scratchpad (0 = none).</summary>
    public int PsumSpadDepth { get; init; } = 16;

    /// <summary>Words of the per-MAC weight register (0 = none).</summary>
    public int WeightRegDepth { get; init; }

    /// <summary>Bits per entry of the per-PE storages.</summary>
    public int SpadWidthBits { get; init; } = 16;

    /// <summary>Whether the per-PE storages are register files or SRAM macros.</summary>
    public StorageClass PeBufferClass { get; init; } = StorageClass.RegisterFile;

    /// <summary>Global buffer capacity, KB.</summary>
    public int GlbKb { get; init; } = 128;

    /// <summary>Global buffer banks.</summary>
    public int GlbBanks { get; init; } = 32;

    /// <summary>Global buffer access width, bits.</summary>
    public int GlbWidthBits { get; init; } = 64;

    /// <summary>Words per cycle the global buffer can read to (and write from) the array.</summary>
    public int NocBandwidth { get; init; } = 16;

    /// <summary>Off-chip memory type.</summary>
    public DramType DramType { get; init; } = DramType.Lpddr4;

    /// <summary>Off-chip words per cycle, reads plus writes (0 = unlimited).</summary>
    public int DramBandwidth { get; init; } = 16;

    /// <summary>Bits per data word (inputs, weights, and outputs outside the PEs).</summary>
    public int WordBits { get; init; } = 8;

    /// <summary>Bits per partial sum in the PEs (0 = twice <see cref="WordBits"/>).</summary>
    public int PsumBits { get; init; }

    /// <summary>Dataflow constraints.</summary>
    public Dataflow Dataflow { get; init; } = Dataflow.RowStationary;

    /// <summary>Partial-sum width after resolving the 0 = auto default.</summary>
    public int EffectivePsumBits => PsumBits == 0 ? 2 * WordBits : PsumBits;

    /// <summary>PEs in the array.</summary>
    public long Pes => (long)PeRows * PeCols;

    /// <summary>MAC units in the accelerator.</summary>
    public long Macs => Pes * PeLanes * PeVectorWidth;

    /// <summary>Bits per DRAM access (the Eyeriss reference's 64).</summary>
    public const int DramWidthBits = 64;

    /// <summary>
    /// Checks what single parameters cannot: widths that must divide. Throws
    /// <see cref="UnicoInputException"/> naming the parameter.
    /// </summary>
    public void Validate()
    {
        foreach (var p in HardwareParameters.All)
        {
            if (p.Check(Get(p.Name)) is { } problem) throw new UnicoInputException(problem, field: p.Name);
        }
        if (DramWidthBits % WordBits != 0)
            throw new UnicoInputException($"{WordBits}-bit words do not divide the {DramWidthBits}-bit DRAM access", field: HardwareParameters.WordBits);
        if (GlbWidthBits % WordBits != 0)
            throw new UnicoInputException($"{GlbWidthBits} bits is not a whole number of {WordBits}-bit words", field: HardwareParameters.GlbWidthBits);
        if (PsumBits != 0 && PsumBits < WordBits)
            throw new UnicoInputException($"partial sums of {PsumBits} bits are narrower than the {WordBits}-bit words", field: HardwareParameters.PsumBits);
        if ((long)GlbKb * 8192 < GlbWidthBits)
            throw new UnicoInputException($"{GlbKb} KB holds less than one {GlbWidthBits}-bit entry", field: HardwareParameters.GlbKb);
    }

    /// <summary>The value of a parameter by its JSON name.</summary>
    public ParameterValue Get(string name) => name switch
    {
        HardwareParameters.PeRows => ParameterValue.Of(PeRows),
        HardwareParameters.PeCols => ParameterValue.Of(PeCols),
        HardwareParameters.PeLanes => ParameterValue.Of(PeLanes),
        HardwareParameters.PeVectorWidth => ParameterValue.Of(PeVectorWidth),
        HardwareParameters.IfmapSpadDepth => ParameterValue.Of(IfmapSpadDepth),
        HardwareParameters.WeightsSpadDepth => ParameterValue.Of(WeightsSpadDepth),
        HardwareParameters.PsumSpadDepth => ParameterValue.Of(PsumSpadDepth),
        HardwareParameters.WeightRegDepth => ParameterValue.Of(WeightRegDepth),
        HardwareParameters.SpadWidthBits => ParameterValue.Of(SpadWidthBits),
        HardwareParameters.PeBufferClass => ParameterValue.Of(HardwareParameters.Name(PeBufferClass)),
        HardwareParameters.GlbKb => ParameterValue.Of(GlbKb),
        HardwareParameters.GlbBanks => ParameterValue.Of(GlbBanks),
        HardwareParameters.GlbWidthBits => ParameterValue.Of(GlbWidthBits),
        HardwareParameters.NocBandwidth => ParameterValue.Of(NocBandwidth),
        HardwareParameters.DramTypeName => ParameterValue.Of(HardwareParameters.Name(DramType)),
        HardwareParameters.DramBandwidth => ParameterValue.Of(DramBandwidth),
        HardwareParameters.WordBits => ParameterValue.Of(WordBits),
        HardwareParameters.PsumBits => ParameterValue.Of(PsumBits),
        HardwareParameters.DataflowName => ParameterValue.Of(HardwareParameters.Name(Dataflow)),
        _ => throw new UnicoInputException($"unknown parameter (known: {string.Join(", ", HardwareParameters.Names)})", field: name),
    };

    /// <summary>This configuration with one parameter changed; the value must be legal for it.</summary>
    public HardwareConfig With(string name, ParameterValue value)
    {
        var p = HardwareParameters.Find(name) ?? throw new UnicoInputException($"unknown parameter (known: {string.Join(", ", HardwareParameters.Names)})", field: name);
        if (p.Check(value) is { } problem) throw new UnicoInputException(problem, field: name);
        var n = (int)value.Number;
        return name switch
        {
            HardwareParameters.PeRows => this with { PeRows = n },
            HardwareParameters.PeCols => this with { PeCols = n },
            HardwareParameters.PeLanes => this with { PeLanes = n },
            HardwareParameters.PeVectorWidth => this with { PeVectorWidth = n },
            HardwareParameters.IfmapSpadDepth => this with { IfmapSpadDepth = n },
            HardwareParameters.WeightsSpadDepth => this with { WeightsSpadDepth = n },
            HardwareParameters.PsumSpadDepth => this with { PsumSpadDepth = n },
            HardwareParameters.WeightRegDepth => this with { WeightRegDepth = n },
            HardwareParameters.SpadWidthBits => this with { SpadWidthBits = n },
            HardwareParameters.PeBufferClass => this with { PeBufferClass = HardwareParameters.ParseStorageClass(value.Text!) },
            HardwareParameters.GlbKb => this with { GlbKb = n },
            HardwareParameters.GlbBanks => this with { GlbBanks = n },
            HardwareParameters.GlbWidthBits => this with { GlbWidthBits = n },
            HardwareParameters.NocBandwidth => this with { NocBandwidth = n },
            HardwareParameters.DramTypeName => this with { DramType = HardwareParameters.ParseDramType(value.Text!) },
            HardwareParameters.DramBandwidth => this with { DramBandwidth = n },
            HardwareParameters.WordBits => this with { WordBits = n },
            HardwareParameters.PsumBits => this with { PsumBits = n },
            HardwareParameters.DataflowName => this with { Dataflow = HardwareParameters.ParseDataflow(value.Text!) },
            _ => throw new InvalidOperationException($"parameter {name} is registered but not settable"),
        };
    }

    /// <summary>The configuration a design point describes; parameters it does not list keep the template default.</summary>
    public static HardwareConfig FromPoint(DesignPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var config = new HardwareConfig();
        foreach (var (name, value) in point.Values) config = config.With(name, value);
        return config;
    }

    /// <summary>Every parameter of this configuration as a design point.</summary>
    public DesignPoint ToPoint() => new(HardwareParameters.Names.Select(n => KeyValuePair.Create(n, Get(n))));
}

/// <summary>The template's parameters: names, types, defaults and legal values.</summary>
public static class HardwareParameters
{
    /// <summary><c>pe_rows</c>.</summary>
    public const string PeRows = "pe_rows";
    /// <summary><c>pe_cols</c>.</summary>
    public const string PeCols = "pe_cols";
    /// <summary><c>pe_lanes</c>.</summary>
    public const string PeLanes = "pe_lanes";
    /// <summary><c>pe_vector_width</c>.</summary>
    public const string PeVectorWidth = "pe_vector_width";
    /// <summary><c>ifmap_spad_depth</c>.</summary>
    public const string IfmapSpadDepth = "ifmap_spad_depth";
    /// <summary><c>weights_spad_depth</c>.</summary>
    public const string WeightsSpadDepth = "weights_spad_depth";
    /// <summary><c>psum_spad_depth</c>.</summary>
    public const string PsumSpadDepth = "psum_spad_depth";
    /// <summary><c>weight_reg_depth</c>.</summary>
    public const string WeightRegDepth = "weight_reg_depth";
    /// <summary><c>spad_width_bits</c>.</summary>
    public const string SpadWidthBits = "spad_width_bits";
    /// <summary><c>pe_buffer_class</c>.</summary>
    public const string PeBufferClass = "pe_buffer_class";
    /// <summary><c>glb_kb</c>.</summary>
    public const string GlbKb = "glb_kb";
    /// <summary><c>glb_banks</c>.</summary>
    public const string GlbBanks = "glb_banks";
    /// <summary><c>glb_width_bits</c>.</summary>
    public const string GlbWidthBits = "glb_width_bits";
    /// <summary><c>noc_bandwidth</c>.</summary>
    public const string NocBandwidth = "noc_bandwidth";
    /// <summary><c>dram_type</c>.</summary>
    public const string DramTypeName = "dram_type";
    /// <summary><c>dram_bandwidth</c>.</summary>
    public const string DramBandwidth = "dram_bandwidth";
    /// <summary><c>word_bits</c>.</summary>
    public const string WordBits = "word_bits";
    /// <summary><c>psum_bits</c>.</summary>
    public const string PsumBits = "psum_bits";
    /// <summary><c>dataflow</c>.</summary>
    public const string DataflowName = "dataflow";

    private static readonly ImmutableArray<(Dataflow Value, string Name)> Dataflows =
        [(Dataflow.RowStationary, "row_stationary"), (Dataflow.WeightStationary, "weight_stationary"), (Dataflow.OutputStationary, "output_stationary"), (Dataflow.Free, "free")];

    private static readonly ImmutableArray<(DramType Value, string Name)> DramTypes =
        [(DramType.Lpddr4, "LPDDR4"), (DramType.Ddr4, "DDR4"), (DramType.Hbm2, "HBM2"), (DramType.Gddr6, "GDDR6")];

    private static readonly ImmutableArray<(StorageClass Value, string Name)> StorageClasses =
        [(StorageClass.RegisterFile, "regfile"), (StorageClass.Sram, "sram")];

    /// <summary>Every template parameter, in the order they are listed and encoded.</summary>
    public static ImmutableArray<TemplateParameter> All { get; } = Create();

    /// <summary>Parameter names in <see cref="All"/> order.</summary>
    public static ImmutableArray<string> Names { get; } = [.. All.Select(p => p.Name)];

    /// <summary>A parameter by name, or null.</summary>
    public static TemplateParameter? Find(string name) => All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>JSON name of a dataflow.</summary>
    public static string Name(Dataflow value) => Dataflows.First(d => d.Value == value).Name;

    /// <summary>JSON name of a DRAM type.</summary>
    public static string Name(DramType value) => DramTypes.First(d => d.Value == value).Name;

    /// <summary>JSON name of a storage class.</summary>
    public static string Name(StorageClass value) => StorageClasses.First(d => d.Value == value).Name;

    /// <summary>A dataflow by JSON name.</summary>
    public static Dataflow ParseDataflow(string name) => Parse(Dataflows, name, DataflowName);

    /// <summary>A DRAM type by JSON name (case-insensitive).</summary>
    public static DramType ParseDramType(string name) => Parse(DramTypes, name, DramTypeName);

    /// <summary>A storage class by JSON name.</summary>
    public static StorageClass ParseStorageClass(string name) => Parse(StorageClasses, name, PeBufferClass);

    private static T Parse<T>(ImmutableArray<(T Value, string Name)> table, string name, string field)
    {
        foreach (var (value, n) in table)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return value;
        }
        throw new UnicoInputException($"unknown value '{name}': expected one of {string.Join(", ", table.Select(t => t.Name))}", field: field);
    }

    private static ImmutableArray<TemplateParameter> Create()
    {
        var d = new HardwareConfig();
        TemplateParameter Int(string name, long value, long min, long max, string description) =>
            new(name, ParameterType.Number, ParameterValue.Of(value), min, max, [], description);
        TemplateParameter Cat(string name, string value, IEnumerable<string> choices, string description) =>
            new(name, ParameterType.Category, ParameterValue.Of(value), 0, 0, [.. choices], description);
        return
        [
            Int(PeRows, d.PeRows, 1, 4096, "PE rows (array fan-out along Y)"),
            Int(PeCols, d.PeCols, 1, 4096, "PE columns (array fan-out along X)"),
            Int(PeLanes, d.PeLanes, 1, 1024, "vector-MAC lanes per PE (fan-out along Y inside a PE)"),
            Int(PeVectorWidth, d.PeVectorWidth, 1, 1024, "MACs per lane (fan-out along X inside a PE)"),
            Int(IfmapSpadDepth, d.IfmapSpadDepth, 0, 1 << 20, "entries of the per-PE input scratchpad (0 = none)"),
            Int(WeightsSpadDepth, d.WeightsSpadDepth, 0, 1 << 20, "entries of the per-PE weight scratchpad (0 = none)"),
            Int(PsumSpadDepth, d.PsumSpadDepth, 0, 1 << 20, "entries of the per-PE partial-sum scratchpad (0 = none)"),
            Int(WeightRegDepth, d.WeightRegDepth, 0, 1 << 16, "words of the per-MAC weight register (0 = none)"),
            Int(SpadWidthBits, d.SpadWidthBits, 1, 1024, "bits per entry of the per-PE storages"),
            Cat(PeBufferClass, Name(d.PeBufferClass), StorageClasses.Select(s => s.Name), "per-PE storages built as register files or SRAM"),
            Int(GlbKb, d.GlbKb, 1, 1 << 20, "global buffer capacity, KB"),
            Int(GlbBanks, d.GlbBanks, 1, 1024, "global buffer banks"),
            Int(GlbWidthBits, d.GlbWidthBits, 1, 4096, "global buffer access width, bits"),
            Int(NocBandwidth, d.NocBandwidth, 1, 1 << 16, "words per cycle from the global buffer into the array (and back)"),
            Cat(DramTypeName, Name(d.DramType), DramTypes.Select(t => t.Name), "off-chip memory type"),
            Int(DramBandwidth, d.DramBandwidth, 0, 1 << 16, "off-chip words per cycle, reads plus writes (0 = unlimited)"),
            Int(WordBits, d.WordBits, 1, 64, "bits per data word"),
            Int(PsumBits, d.PsumBits, 0, 64, "bits per partial sum inside the PEs (0 = twice word_bits)"),
            Cat(DataflowName, Name(d.Dataflow), Dataflows.Select(f => f.Name), "dataflow constraints"),
        ];
    }
}
