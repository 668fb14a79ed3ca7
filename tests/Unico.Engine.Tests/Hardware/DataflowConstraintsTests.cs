using Unico.Engine.CostModel;
using Unico.Engine.Hardware;

namespace Unico.Engine.Tests.Hardware;

/// <summary>Constraints written with conv2d names, rewritten for other problem shapes.</summary>
public sealed class DataflowConstraintsTests
{
    private static readonly BuiltHardware RowStationary = HardwareTemplate.Build(new HardwareConfig());

    [Fact]
    public void Conv2d_problems_get_the_constraints_unchanged()
    {
        Assert.Same(RowStationary.Constraints["inter_PE_spatial"], RowStationary.ConstraintsFor(ProblemShapes.Conv2d(2, 2))["inter_PE_spatial"]);
    }

    [Fact]
    public void Gemm_fixes_a_dimension_only_when_all_its_im2col_sources_are_fixed()
    {
        var gemm = RowStationary.ConstraintsFor(ProblemShapes.Gemm());
        // Columns: N, C, P, R, S fixed to 1 and Q, M free -> K = C*R*S = 1; M (from N, P, Q) and N (from M) free.
        var columns = gemm["inter_PE_column_spatial"];
        Assert.Equal(new Dictionary<string, int> { ["K"] = 1 }, columns.SpatialFactors);
        Assert.Equal(["M", "K", "N"], columns.SpatialPermutation.ToArray());
        Assert.Equal(3, columns.SpatialSplit);
        // Rows: N, P, Q, R fixed -> M = 1; K keeps C and S free.
        var rows = gemm["inter_PE_spatial"];
        Assert.Equal(new Dictionary<string, int> { ["M"] = 1 }, rows.SpatialFactors);
        Assert.Equal(0, rows.SpatialSplit);
        Assert.Equal(new Dictionary<string, int> { ["M"] = 1, ["K"] = 1 }, gemm["psum_spad"].TemporalFactors);
        Assert.Equal(["M", "K", "N"], gemm["psum_spad"].TemporalPermutation.ToArray());
        Assert.Equal(["Outputs"], gemm["psum_spad"].Keep.ToArray());
    }

    [Fact]
    public void Weight_stationary_gemm_unrolls_n_on_columns_and_k_on_rows()
    {
        var hw = HardwareTemplate.Build(new HardwareConfig { Dataflow = Dataflow.WeightStationary });
        var gemm = hw.ConstraintsFor(ProblemShapes.Gemm());
        Assert.Equal(new Dictionary<string, int> { ["M"] = 1, ["K"] = 1 }, gemm["inter_PE_column_spatial"].SpatialFactors);
        Assert.Equal(new Dictionary<string, int> { ["M"] = 1, ["N"] = 1 }, gemm["inter_PE_spatial"].SpatialFactors);
        Assert.Equal(new Dictionary<string, int> { ["N"] = 1, ["K"] = 1 }, gemm["weights_spad"].TemporalFactors);
    }

    [Fact]
    public void Depthwise_convolution_drops_the_output_channel_dimension()
    {
        var dw = RowStationary.ConstraintsFor(ProblemShapes.DepthwiseConv());
        Assert.DoesNotContain("M", dw["inter_PE_spatial"].SpatialPermutation);
        Assert.DoesNotContain("M", dw["weights_spad"].TemporalFactors.Keys);
        Assert.Equal(5, dw["inter_PE_spatial"].SpatialFactors.Count + 1);
    }

    [Fact]
    public void A_dimension_conv2d_lacks_is_never_constrained()
    {
        var grouped = RowStationary.ConstraintsFor(ProblemShapes.GroupedConv());
        Assert.All(grouped.Values, c =>
        {
            Assert.DoesNotContain("G", c.TemporalFactors.Keys);
            Assert.DoesNotContain("G", c.SpatialFactors.Keys);
            Assert.DoesNotContain("G", c.SpatialPermutation.IsDefault ? [] : c.SpatialPermutation);
        });
        Assert.Equal(DataflowConstraints.Correspondence(ProblemShapes.GroupedConv())["G"], []);
    }
}
