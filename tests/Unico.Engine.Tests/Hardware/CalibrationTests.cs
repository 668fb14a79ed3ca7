using Unico.Engine.Hardware;

namespace Unico.Engine.Tests.Hardware;

/// <summary>
/// The 65 nm model against the Eyeriss-like reference tables. Tolerances: register-file read and
/// write energy 2%, leakage 2%, area 6% (a two-parameter law through three points); global
/// buffer, MAC and LPDDR4 DRAM exact (1e-6: single points the model is scaled to); Horowitz's
/// SRAM size trend 10%.
/// </summary>
public sealed class CalibrationTests
{
    /// <summary>The reference tables' total area (um^2): every component x its instances, fan-out placeholders left out.</summary>
    private const double ReferenceTotalAreaUm2 = 1259296.359872;

    private static TechnologyModel Model => Calibration.Eyeriss65nm;

    [Fact]
    public void Register_file_energy_fits_the_three_eyeriss_scratchpads_within_2_percent_and_area_within_6()
    {
        foreach (var r in Calibration.Residuals(Model).Where(r => r.Component.Contains("spad", StringComparison.Ordinal)))
        {
            var tolerance = r.Quantity == "area" ? 0.06 : 0.02;
            Assert.True(Math.Abs(r.RelativeError) <= tolerance, $"{r.Component} {r.Quantity}: {r.Model} vs {r.Reference} ({r.RelativeError:P2})");
        }
    }

    [Fact]
    public void Global_buffer_mac_and_lpddr4_reproduce_the_reference_exactly()
    {
        foreach (var r in Calibration.Residuals(Model).Where(r => !r.Component.Contains("spad", StringComparison.Ordinal) && !r.Component.StartsWith("SRAM", StringComparison.Ordinal)))
            Assert.True(Math.Abs(r.RelativeError) < 1e-6, $"{r.Component} {r.Quantity}: {r.Model} vs {r.Reference}");
    }

    [Fact]
    public void Sram_energy_grows_with_size_as_Horowitz_reports_within_10_percent()
    {
        var trend = Calibration.Residuals(Model).Where(r => r.Component.StartsWith("SRAM", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, trend.Count);
        foreach (var r in trend) Assert.True(Math.Abs(r.RelativeError) <= 0.10, $"{r.Component}: {r.Model} vs {r.Reference}");
    }

    [Fact]
    public void Template_default_matches_every_entry_of_the_eyeriss_energy_and_area_tables()
    {
        // The reference tables' entries (pJ per access, pJ per cycle of leakage, um^2), 168 PEs.
        var points = Calibration.EyerissRegisterFiles.Append(Calibration.EyerissGlobalBuffer).ToDictionary(p => p.Name);
        var arch = HardwareTemplate.Build(new HardwareConfig()).Architecture;
        foreach (var level in arch.Levels.Where(l => !l.IsSpatialDummy))
        {
            if (level.Name == "DRAM")
            {
                foreach (var e in new[] { level.Energy.Read, level.Energy.Write, level.Energy.Update })
                    Near(Calibration.EyerissDramEnergyPerAccess, e, 1e-6, "DRAM access");
                Assert.Equal(0, level.Energy.LeakPerCycle);
                continue;
            }
            var p = points[level.Name];
            var exact = level.Name == "shared_glb";
            Near(p.Read, level.Energy.Read, exact ? 1e-6 : 0.02, $"{level.Name} read");
            Near(p.Write, level.Energy.Write, exact ? 1e-6 : 0.02, $"{level.Name} write");
            Near(p.Write, level.Energy.Update, exact ? 1e-6 : 0.02, $"{level.Name} update");
            Near(p.Leak, level.Energy.LeakPerCycle, exact ? 1e-6 : 0.02, $"{level.Name} leak");
            Near(p.Area, level.AreaUm2, exact ? 1e-6 : 0.06, $"{level.Name} area");
            Assert.Equal(exact ? 1 : 168, level.Instances);
        }
        Near(Calibration.EyerissMacEnergy, arch.Compute.EnergyPerOp, 1e-6, "mac compute");
        Near(Calibration.EyerissMacArea, arch.Compute.AreaUm2, 1e-6, "mac area");
    }

    [Fact]
    public void Template_default_area_is_within_1_percent_of_the_reference_total()
    {
        Near(ReferenceTotalAreaUm2, HardwareTemplate.Build(new HardwareConfig()).Architecture.AreaUm2, 0.01, "total area");
    }

    [Fact]
    public void Fitted_coefficients_are_the_ones_documented_in_hardware_md()
    {
        Near(0.025798, Model.RegisterFileRead.Coefficient, 1e-4, "RF read coefficient");
        Near(0.82505, Model.RegisterFileRead.Exponent, 1e-4, "RF read exponent");
        Near(0.020648, Model.RegisterFileWrite.Coefficient, 1e-4, "RF write coefficient");
        Near(0.85793, Model.RegisterFileWrite.Exponent, 1e-4, "RF write exponent");
        Near(1.4713, Model.RegisterFileArea.Coefficient, 1e-4, "RF area coefficient");
        Near(1.57651, Model.RegisterFileArea.Exponent, 1e-4, "RF area exponent");
        Near(0.47260, Model.SramDepthExponent, 1e-4, "SRAM depth exponent");
    }

    [Fact]
    public void Register_file_energy_is_linear_in_width_and_grows_with_depth()
    {
        var narrow = Model.RegisterFile(64, 16);
        var wide = Model.RegisterFile(64, 32);
        Near(2 * narrow.Energy.Read, wide.Energy.Read, 1e-12, "read at twice the width");
        Assert.True(Model.RegisterFile(128, 16).Energy.Read > narrow.Energy.Read);
        Assert.True(Model.Sram(4096, 64, 8).Energy.Read > Model.Sram(1024, 64, 8).Energy.Read);
        Assert.True(Model.Sram(4096, 64, 16).AreaUm2 > Model.Sram(4096, 64, 8).AreaUm2);
    }

    [Fact]
    public void Sixteen_bit_mac_costs_about_three_and_a_half_times_the_eight_bit_one()
    {
        var (e8, a8) = Model.Mac(8, 16);
        var (e16, a16) = Model.Mac(16, 32);
        Assert.InRange(e16 / e8, 3.0, 4.0);
        Assert.InRange(a16 / a8, 3.0, 4.0);
    }

    [Fact]
    public void Dram_energy_per_bit_follows_the_published_figures()
    {
        Assert.Equal(512, Model.Dram(DramType.Lpddr4, 64).Energy.Read, 9);
        Assert.Equal(3.9 * 64, Model.Dram(DramType.Hbm2, 64).Energy.Read, 9);
        Assert.True(Model.Dram(DramType.Ddr4, 64).Energy.Read > Model.Dram(DramType.Gddr6, 64).Energy.Read);
        Assert.Equal(0, Model.Dram(DramType.Ddr4, 64).AreaUm2);
    }

    private static void Near(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"{what}: expected {expected} (±{relative:P2}), got {actual}");
}
