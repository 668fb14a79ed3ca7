using System.Collections.Immutable;
using MathNet.Numerics;

namespace Unico.Engine.Hardware;

/// <summary>One reference figure next to what the fitted model gives for it.</summary>
/// <param name="Component">Reference component, e.g. <c>weights_spad (192x16)</c>.</param>
/// <param name="Quantity">read, write, leak or area.</param>
/// <param name="Reference">The reference table's value (pJ, pJ/cycle or um^2).</param>
/// <param name="Model">The model's value.</param>
/// <param name="Fitted">True when the figure took part in the fit; false for a cross-check.</param>
public sealed record CalibrationResidual(string Component, string Quantity, double Reference, double Model, bool Fitted)
{
    /// <summary>(model - reference) / reference.</summary>
    public double RelativeError => Reference == 0 ? (Model == 0 ? 0 : double.PositiveInfinity) : (Model - Reference) / Reference;
}

/// <summary>
/// Fits <see cref="TechnologyModel"/> to published figures: the Accelergy tables of Timeloop's
/// Eyeriss-like reference case (65 nm; timeloop-accelergy-exercises, eyeriss_like; the figures are repeated below as facts)
/// for levels, and Horowitz's ISSCC 2014 figures (45 nm) for how SRAM and arithmetic scale with
/// size. See docs/hardware.md for the forms, coefficients and residuals.
/// </summary>
public static class Calibration
{
    /// <summary>A register file of the reference tables: depth x width and its ERT/ART entries.</summary>
    /// <param name="Name">Component name in the reference.</param>
    /// <param name="Depth">Entries.</param>
    /// <param name="Width">Bits per entry.</param>
    /// <param name="Read">Read energy, pJ.</param>
    /// <param name="Write">Write (and update) energy, pJ.</param>
    /// <param name="Leak">Leakage per cycle, pJ.</param>
    /// <param name="Area">Area, um^2.</param>
    public sealed record StoragePoint(string Name, long Depth, int Width, double Read, double Write, double Leak, double Area);

    /// <summary>Eyeriss-like reference (65 nm, smartbuffer_RF): ifmap_spad, psum_spad, weights_spad.</summary>
    public static ImmutableArray<StoragePoint> EyerissRegisterFiles { get; } =
    [
        new("ifmap_spad", 12, 16, 0.202442, 0.176713, 0.000101, 70.091961),
        new("psum_spad", 16, 16, 0.2513, 0.2191, 0.000134, 123.627348),
        new("weights_spad", 192, 16, 1.976602, 1.881657, 0.001592, 5816.44278),
    ];

    /// <summary>Eyeriss-like reference global buffer (65 nm, CACTI SRAM, 32 banks).</summary>
    public static StoragePoint EyerissGlobalBuffer { get; } = new("shared_glb", 16384, 64, 18.183829, 14.137929, 0.005652, 217363.36892);

    /// <summary>Banks of the reference global buffer.</summary>
    public const int EyerissGlobalBufferBanks = 32;

    /// <summary>Eyeriss-like reference MAC (65 nm, 8-bit multiplier, 16-bit adder): energy per compute, pJ.</summary>
    public const double EyerissMacEnergy = 0.207692;

    /// <summary>Eyeriss-like reference MAC area, um^2.</summary>
    public const double EyerissMacArea = 191.82;

    /// <summary>Eyeriss-like reference DRAM (LPDDR4): 512 pJ per 64-bit access.</summary>
    public const double EyerissDramEnergyPerAccess = 512.0;

    /// <summary>
    /// Horowitz, "Computing's energy problem", ISSCC 2014 (45 nm): 64-bit SRAM read energy for
    /// 8 KB, 32 KB and 1 MB arrays (10, 20, 100 pJ), as (depth in 64-bit words, pJ).
    /// </summary>
    public static ImmutableArray<(double Depth, double Energy)> HorowitzSram { get; } = [(1024, 10), (4096, 20), (131072, 100)];

    /// <summary>Horowitz 2014: 8- and 32-bit integer multiply, pJ and um^2.</summary>
    public static (double Energy8, double Energy32, double Area8, double Area32) HorowitzMultiplier { get; } = (0.2, 3.1, 282, 3495);

    /// <summary>Horowitz 2014: 8- and 32-bit integer add, pJ and um^2.</summary>
    public static (double Energy8, double Energy32, double Area8, double Area32) HorowitzAdder { get; } = (0.03, 0.1, 36, 137);

    /// <summary>
    /// Share of the reference global buffer's area taken by per-bank periphery (decoders, sense
    /// amplifiers, drivers). An assumption, not a fit: the tables give one SRAM only.
    /// </summary>
    public const double SramBankAreaShare = 0.15;

    /// <summary>
    /// DRAM energy per bit by type: LPDDR4 8 pJ/bit (the reference ERT: 512 pJ per 64 bits, also
    /// Accelergy's DRAM table); HBM2 3.9 pJ/bit (O'Connor et al., MICRO 2017; Accelergy's table);
    /// DDR4 15 pJ/bit and GDDR6 7.5 pJ/bit are approximate published figures (see docs/hardware.md).
    /// </summary>
    public static ImmutableDictionary<DramType, double> DramPjPerBit { get; } = new Dictionary<DramType, double>
    {
        [DramType.Lpddr4] = EyerissDramEnergyPerAccess / 64,
        [DramType.Ddr4] = 15.0,
        [DramType.Hbm2] = 3.9,
        [DramType.Gddr6] = 7.5,
    }.ToImmutableDictionary();

    private static readonly Lazy<TechnologyModel> Fitted65nm = new(Fit65nm);

    /// <summary>The 65 nm model fitted to the Eyeriss-like reference tables.</summary>
    public static TechnologyModel Eyeriss65nm => Fitted65nm.Value;

    /// <summary>Least squares on log-log: the power law through (x, y) points.</summary>
    public static PowerLaw FitPowerLaw(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var (intercept, slope) = Fit.Line([.. x.Select(v => Math.Log(v))], [.. y.Select(v => Math.Log(v))]);
        return new PowerLaw(Math.Exp(intercept), slope);
    }

    private static TechnologyModel Fit65nm()
    {
        var rf = EyerissRegisterFiles;
        double[] depths = [.. rf.Select(p => (double)p.Depth)];
        // All reference register files are 16 bits wide; width enters linearly (one bit slice per bit).
        var read = FitPowerLaw(depths, [.. rf.Select(p => p.Read)]);
        var write = FitPowerLaw(depths, [.. rf.Select(p => p.Write)]);
        var area = FitPowerLaw(depths, [.. rf.Select(p => p.Area)]);
        // Leakage proportional to bits: least squares through the origin.
        var leakPerBit = rf.Sum(p => p.Leak * p.Depth * p.Width) / rf.Sum(p => Math.Pow(p.Depth * (double)p.Width, 2));

        // SRAM: energy ~ width x depth^g, g from Horowitz's three SRAM sizes, scale from the reference buffer.
        var horowitz = FitPowerLaw([.. HorowitzSram.Select(h => h.Depth)], [.. HorowitzSram.Select(h => h.Energy)]);
        var glb = EyerissGlobalBuffer;
        var glbBits = (double)glb.Depth * glb.Width;
        var sramReadPerBit = glb.Read / (glb.Width * Math.Pow(glb.Depth, horowitz.Exponent));
        var bankArea = SramBankAreaShare * glb.Area / (EyerissGlobalBufferBanks * glb.Width);
        var cellArea = (1 - SramBankAreaShare) * glb.Area / glbBits;

        // MAC: multiplier and adder scale as Horowitz's 8- vs 32-bit figures; their split of the
        // reference MAC is Horowitz's 8-bit multiplier vs 16-bit adder (interpolated on the same law).
        var (me8, me32, ma8, ma32) = HorowitzMultiplier;
        var (ae8, ae32, aa8, aa32) = HorowitzAdder;
        var multEnergyExp = Math.Log(me32 / me8) / Math.Log(4);
        var multAreaExp = Math.Log(ma32 / ma8) / Math.Log(4);
        var addEnergyExp = Math.Log(ae32 / ae8) / Math.Log(4);
        var addAreaExp = Math.Log(aa32 / aa8) / Math.Log(4);
        var add16Energy = ae8 * Math.Pow(2, addEnergyExp);
        var add16Area = aa8 * Math.Pow(2, addAreaExp);
        var multEnergyShare = me8 / (me8 + add16Energy);
        var multAreaShare = ma8 / (ma8 + add16Area);

        return new TechnologyModel
        {
            Name = "65nm",
            RegisterFileRead = read,
            RegisterFileWrite = write,
            RegisterFileArea = area,
            RegisterFileLeakPerBit = leakPerBit,
            SramReadPerBit = sramReadPerBit,
            SramDepthExponent = horowitz.Exponent,
            SramWriteToRead = glb.Write / glb.Read,
            SramLeakPerBit = glb.Leak / glbBits,
            SramCellArea = cellArea,
            SramBankAreaPerWidthBit = bankArea,
            Multiplier = (new PowerLaw(EyerissMacEnergy * multEnergyShare, multEnergyExp), new PowerLaw(EyerissMacArea * multAreaShare, multAreaExp)),
            Adder = (new PowerLaw(EyerissMacEnergy * (1 - multEnergyShare), addEnergyExp), new PowerLaw(EyerissMacArea * (1 - multAreaShare), addAreaExp)),
            DramPjPerBit = DramPjPerBit,
        };
    }

    /// <summary>
    /// Every reference figure next to the model's value: the Eyeriss-like register files, global
    /// buffer, MAC and DRAM (fitted), and Horowitz's SRAM sizes relative to 8 KB (the trend).
    /// </summary>
    public static ImmutableArray<CalibrationResidual> Residuals(TechnologyModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var list = ImmutableArray.CreateBuilder<CalibrationResidual>();
        foreach (var p in EyerissRegisterFiles)
        {
            var c = model.RegisterFile(p.Depth, p.Width);
            Add(list, p, c);
        }
        var glb = EyerissGlobalBuffer;
        Add(list, glb, model.Sram(glb.Depth, glb.Width, EyerissGlobalBufferBanks));
        var (mac, macArea) = model.Mac(8, 16);
        list.Add(new("mac (8x8, 16-bit add)", "compute", EyerissMacEnergy, mac, true));
        list.Add(new("mac (8x8, 16-bit add)", "area", EyerissMacArea, macArea, true));
        list.Add(new("DRAM (LPDDR4, 64-bit)", "read", EyerissDramEnergyPerAccess, model.Dram(DramType.Lpddr4, 64).Energy.Read, true));
        var h0 = HorowitzSram[0];
        foreach (var (depth, energy) in HorowitzSram.Skip(1))
        {
            var ratio = model.Sram((long)depth, 64, 1).Energy.Read / model.Sram((long)h0.Depth, 64, 1).Energy.Read;
            list.Add(new($"SRAM {depth * 8 / 1024} KB / 8 KB (Horowitz, 45 nm)", "read ratio", energy / h0.Energy, ratio, true));
        }
        return list.ToImmutable();
    }

    private static void Add(ImmutableArray<CalibrationResidual>.Builder list, StoragePoint p, ComponentCost c)
    {
        var name = $"{p.Name} ({p.Depth}x{p.Width})";
        list.Add(new(name, "read", p.Read, c.Energy.Read, true));
        list.Add(new(name, "write", p.Write, c.Energy.Write, true));
        list.Add(new(name, "leak", p.Leak, c.Energy.LeakPerCycle, true));
        list.Add(new(name, "area", p.Area, c.AreaUm2, true));
    }
}
