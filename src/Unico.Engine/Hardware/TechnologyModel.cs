using System.Collections.Immutable;
using Unico.Engine.CostModel;

namespace Unico.Engine.Hardware;

/// <summary>Off-chip memory technologies the template offers.</summary>
public enum DramType
{
    /// <summary>LPDDR4 (8 pJ/bit, the Eyeriss reference tables' value).</summary>
    Lpddr4,

    /// <summary>DDR4 (15 pJ/bit, approximate).</summary>
    Ddr4,

    /// <summary>HBM2 (3.9 pJ/bit).</summary>
    Hbm2,

    /// <summary>GDDR6 (7.5 pJ/bit, approximate).</summary>
    Gddr6,
}

/// <summary>How a storage level is built, which decides its energy and area model.</summary>
public enum StorageClass
{
    /// <summary>A small register file (flip-flop or latch array), like Eyeriss' scratchpads.</summary>
    RegisterFile,

    /// <summary>An SRAM macro, like a global buffer.</summary>
    Sram,
}

/// <summary><c>Coefficient * x^Exponent</c>.</summary>
/// <param name="Coefficient">Value at x = 1.</param>
/// <param name="Exponent">Power of x.</param>
public readonly record struct PowerLaw(double Coefficient, double Exponent)
{
    /// <summary>The law's value at <paramref name="x"/>.</summary>
    public double At(double x) => Coefficient * Math.Pow(x, Exponent);
}

/// <summary>Energy per action and area of one instance of a component.</summary>
/// <param name="Energy">Energy per read, write, update (pJ per block access) and leakage per cycle.</param>
/// <param name="AreaUm2">Area of one instance, um^2.</param>
public readonly record struct ComponentCost(StorageEnergy Energy, double AreaUm2);

/// <summary>
/// Energy and area of the template's components as functions of their sizes, for one technology
/// node. The forms and the fitted coefficients are documented in docs/hardware.md;
/// <see cref="Calibration"/> fits them to the reference tables.
/// </summary>
public sealed record TechnologyModel
{
    /// <summary>Bits per entry of the register files the register-file laws were fitted at.</summary>
    public const int RegisterFileReferenceWidth = 16;

    /// <summary>Technology name, e.g. 65nm.</summary>
    public required string Name { get; init; }

    /// <summary>Register-file read energy (pJ) of a <see cref="RegisterFileReferenceWidth"/>-bit entry as a function of depth.</summary>
    public required PowerLaw RegisterFileRead { get; init; }

    /// <summary>Register-file write (and update) energy, as <see cref="RegisterFileRead"/>.</summary>
    public required PowerLaw RegisterFileWrite { get; init; }

    /// <summary>Register-file area (um^2) at <see cref="RegisterFileReferenceWidth"/> bits per entry as a function of depth.</summary>
    public required PowerLaw RegisterFileArea { get; init; }

    /// <summary>Register-file leakage per bit per cycle, pJ.</summary>
    public required double RegisterFileLeakPerBit { get; init; }

    /// <summary>SRAM read energy per bit of access width at depth 1: read = this x width x depth^<see cref="SramDepthExponent"/>.</summary>
    public required double SramReadPerBit { get; init; }

    /// <summary>How SRAM access energy grows with depth (CACTI-like, from Horowitz's figures).</summary>
    public required double SramDepthExponent { get; init; }

    /// <summary>SRAM write (and update) energy divided by read energy.</summary>
    public required double SramWriteToRead { get; init; }

    /// <summary>SRAM leakage per bit per cycle, pJ.</summary>
    public required double SramLeakPerBit { get; init; }

    /// <summary>SRAM array area per bit, um^2.</summary>
    public required double SramCellArea { get; init; }

    /// <summary>SRAM periphery area per bank per bit of width, um^2.</summary>
    public required double SramBankAreaPerWidthBit { get; init; }

    /// <summary>Multiplier energy (pJ) and area (um^2) at 8 bits, as functions of width / 8.</summary>
    public required (PowerLaw Energy, PowerLaw Area) Multiplier { get; init; }

    /// <summary>Adder energy (pJ) and area (um^2) at 16 bits, as functions of width / 16.</summary>
    public required (PowerLaw Energy, PowerLaw Area) Adder { get; init; }

    /// <summary>Energy per bit transferred, pJ, by DRAM type.</summary>
    public required ImmutableDictionary<DramType, double> DramPjPerBit { get; init; }

    /// <summary>A register file of <paramref name="depth"/> entries of <paramref name="widthBits"/> bits.</summary>
    public ComponentCost RegisterFile(long depth, int widthBits)
    {
        Positive(depth, widthBits);
        var scale = (double)widthBits / RegisterFileReferenceWidth;
        var read = scale * RegisterFileRead.At(depth);
        var write = scale * RegisterFileWrite.At(depth);
        var leak = RegisterFileLeakPerBit * depth * widthBits;
        return new ComponentCost(new StorageEnergy(read, write, write, leak), scale * RegisterFileArea.At(depth));
    }

    /// <summary>An SRAM of <paramref name="depth"/> entries of <paramref name="widthBits"/> bits in <paramref name="banks"/> banks.</summary>
    public ComponentCost Sram(long depth, int widthBits, int banks)
    {
        Positive(depth, widthBits);
        if (banks <= 0) throw new ArgumentOutOfRangeException(nameof(banks), banks, "banks must be positive");
        var read = SramReadPerBit * widthBits * Math.Pow(depth, SramDepthExponent);
        var write = read * SramWriteToRead;
        var bits = (double)depth * widthBits;
        var area = SramCellArea * bits + SramBankAreaPerWidthBit * banks * widthBits;
        return new ComponentCost(new StorageEnergy(read, write, write, SramLeakPerBit * bits), area);
    }

    /// <summary>A storage level of the given class.</summary>
    public ComponentCost Storage(StorageClass storageClass, long depth, int widthBits, int banks = 1) =>
        storageClass == StorageClass.RegisterFile ? RegisterFile(depth, widthBits) : Sram(depth, widthBits, banks);

    /// <summary>Off-chip memory: energy per access of <paramref name="widthBits"/> bits; no leakage, no on-chip area.</summary>
    public ComponentCost Dram(DramType type, int widthBits)
    {
        var e = DramPjPerBit[type] * widthBits;
        return new ComponentCost(new StorageEnergy(e, e, e, 0), 0);
    }

    /// <summary>Energy per multiply-accumulate (pJ) and area (um^2) of a MAC with the given multiplier and adder widths.</summary>
    public (double EnergyPerOp, double AreaUm2) Mac(int multiplierBits, int adderBits)
    {
        if (multiplierBits <= 0 || adderBits <= 0) throw new ArgumentOutOfRangeException(nameof(multiplierBits), "widths must be positive");
        var m = multiplierBits / 8.0;
        var a = adderBits / 16.0;
        return (Multiplier.Energy.At(m) + Adder.Energy.At(a), Multiplier.Area.At(m) + Adder.Area.At(a));
    }

    private static void Positive(long depth, int widthBits)
    {
        if (depth <= 0) throw new ArgumentOutOfRangeException(nameof(depth), depth, "depth must be positive");
        if (widthBits <= 0) throw new ArgumentOutOfRangeException(nameof(widthBits), widthBits, "width must be positive");
    }
}
