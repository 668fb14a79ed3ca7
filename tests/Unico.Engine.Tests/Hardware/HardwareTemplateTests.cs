using Unico.Engine.CostModel;
using Unico.Engine.Hardware;

namespace Unico.Engine.Tests.Hardware;

/// <summary>What the template builds from a configuration: levels, instances, fan-outs, sizes, bandwidths, constraints.</summary>
public sealed class HardwareTemplateTests
{
    private static string[] Names(BuiltHardware hw) => [.. hw.Architecture.Levels.Select(l => l.Name)];

    private static StorageLevel Level(BuiltHardware hw, string name) => hw.Architecture.Levels.Single(l => l.Name == name);

    [Fact]
    public void Default_configuration_builds_the_eyeriss_reference_hierarchy()
    {
        var hw = HardwareTemplate.Build(new HardwareConfig());
        Assert.Equal(["DRAM", "shared_glb", "inter_PE_column_spatial", "inter_PE_spatial", "ifmap_spad", "weights_spad", "psum_spad"], Names(hw));
        Assert.Equal((14, 1), (Level(hw, "inter_PE_column_spatial").FanoutX, Level(hw, "inter_PE_column_spatial").FanoutY));
        Assert.Equal((1, 12, 14L), (Level(hw, "inter_PE_spatial").FanoutX, Level(hw, "inter_PE_spatial").FanoutY, Level(hw, "inter_PE_spatial").Instances));
        Assert.Equal(131072, Level(hw, "shared_glb").SizeWords);
        Assert.Equal((24L, 2), (Level(hw, "ifmap_spad").SizeWords!.Value, Level(hw, "ifmap_spad").BlockSize));
        Assert.Equal((384L, 2), (Level(hw, "weights_spad").SizeWords!.Value, Level(hw, "weights_spad").BlockSize));
        Assert.Equal((16L, 1, 16), (Level(hw, "psum_spad").SizeWords!.Value, Level(hw, "psum_spad").BlockSize, Level(hw, "psum_spad").WordBits));
        Assert.Equal(168, hw.Architecture.Compute.Instances);
        Assert.Equal(1, hw.Architecture.Levels[0].Instances);
    }

    [Fact]
    public void Vector_pes_put_lanes_and_vector_width_on_the_innermost_pe_storage_and_a_weight_register_per_mac()
    {
        var hw = HardwareTemplate.Build(new HardwareConfig { PeRows = 3, PeCols = 5, PeLanes = 4, PeVectorWidth = 2, WeightRegDepth = 1 });
        hw.Architecture.Validate();
        Assert.Equal(["DRAM", "shared_glb", "inter_PE_column_spatial", "inter_PE_spatial", "ifmap_spad", "weights_spad", "psum_spad", "weight_reg"], Names(hw));
        Assert.Equal(15, Level(hw, "ifmap_spad").Instances);
        Assert.Equal((2, 4, 15L), (Level(hw, "psum_spad").FanoutX, Level(hw, "psum_spad").FanoutY, Level(hw, "psum_spad").Instances));
        Assert.Equal(120, Level(hw, "weight_reg").Instances);
        Assert.Equal(120, hw.Architecture.Compute.Instances);
        Assert.Equal(16, Level(hw, "weights_spad").ReadBandwidth);
    }

    [Fact]
    public void Absent_scratchpads_are_left_out()
    {
        var hw = HardwareTemplate.Build(new HardwareConfig { IfmapSpadDepth = 0, PsumSpadDepth = 0 });
        Assert.Equal(["DRAM", "shared_glb", "inter_PE_column_spatial", "inter_PE_spatial", "weights_spad"], Names(hw));
        Assert.DoesNotContain("ifmap_spad", hw.Constraints.Keys);
    }

    [Fact]
    public void Without_per_pe_storage_the_array_fanouts_also_spread_the_vector()
    {
        var hw = HardwareTemplate.Build(new HardwareConfig { IfmapSpadDepth = 0, WeightsSpadDepth = 0, PsumSpadDepth = 0, PeLanes = 2, PeVectorWidth = 3 });
        hw.Architecture.Validate();
        Assert.Equal(["DRAM", "shared_glb", "inter_PE_column_spatial", "inter_PE_spatial"], Names(hw));
        Assert.Equal(14 * 3, Level(hw, "inter_PE_column_spatial").FanoutX);
        Assert.Equal(12 * 2, Level(hw, "inter_PE_spatial").FanoutY);
        Assert.Equal(168 * 6, hw.Architecture.Compute.Instances);
    }

    [Fact]
    public void Global_buffer_bandwidth_is_the_noc_bandwidth_capped_by_banks_times_block()
    {
        var capped = HardwareTemplate.Build(new HardwareConfig { NocBandwidth = 64, GlbBanks = 2 });
        Assert.Equal(16, Level(capped, "shared_glb").ReadBandwidth);
        Assert.Equal(16, Level(capped, "shared_glb").WriteBandwidth);
        var open = HardwareTemplate.Build(new HardwareConfig { NocBandwidth = 64 });
        Assert.Equal(64, Level(open, "shared_glb").ReadBandwidth);
    }

    [Fact]
    public void Dram_bandwidth_is_a_shared_limit_and_zero_means_unlimited()
    {
        Assert.Equal(16, HardwareTemplate.Build(new HardwareConfig()).Architecture.Levels[0].SharedBandwidth);
        Assert.Null(HardwareTemplate.Build(new HardwareConfig { DramBandwidth = 0 }).Architecture.Levels[0].SharedBandwidth);
    }

    [Fact]
    public void Sixteen_bit_words_shrink_blocks_and_widen_partial_sums()
    {
        var hw = HardwareTemplate.Build(new HardwareConfig { WordBits = 16, GlbKb = 100 });
        Assert.Equal(4, Level(hw, "shared_glb").BlockSize);
        Assert.Equal(100 * 1024 / 2, Level(hw, "shared_glb").SizeWords);
        Assert.Equal(4, hw.Architecture.Levels[0].BlockSize);
        Assert.Equal((1, 16), (Level(hw, "ifmap_spad").BlockSize, Level(hw, "ifmap_spad").WordBits));
        Assert.Equal(32, Level(hw, "psum_spad").WordBits);
        Assert.True(hw.Architecture.Compute.EnergyPerOp > 3 * HardwareTemplate.Build(new HardwareConfig()).Architecture.Compute.EnergyPerOp);
    }

    [Fact]
    public void Sram_pe_buffers_use_the_sram_model()
    {
        var rf = HardwareTemplate.Build(new HardwareConfig { WeightsSpadDepth = 4096 });
        var sram = HardwareTemplate.Build(new HardwareConfig { WeightsSpadDepth = 4096, PeBufferClass = StorageClass.Sram });
        Assert.True(Level(sram, "weights_spad").Energy.Read < Level(rf, "weights_spad").Energy.Read);
        Assert.Equal(Calibration.Eyeriss65nm.Sram(4096, 16, 1).Energy, Level(sram, "weights_spad").Energy);
    }

    [Fact]
    public void Widths_that_do_not_divide_are_rejected_naming_the_parameter()
    {
        var e = Assert.Throws<UnicoInputException>(() => HardwareTemplate.Build(new HardwareConfig { GlbWidthBits = 60 }));
        Assert.Equal("glb_width_bits", e.Field);
        e = Assert.Throws<UnicoInputException>(() => HardwareTemplate.Build(new HardwareConfig { PsumBits = 4 }));
        Assert.Equal("psum_bits", e.Field);
        e = Assert.Throws<UnicoInputException>(() => HardwareTemplate.Build(new HardwareConfig { PeRows = 0 }));
        Assert.Equal("pe_rows", e.Field);
    }

    [Theory]
    [InlineData("eyeriss-like")]
    [InlineData("simba-like")]
    public void Every_sampled_point_of_a_built_in_space_builds_a_valid_architecture(string name)
    {
        var space = BuiltInSpaces.Get(name);
        foreach (var point in space.Sample(100, seed: 7))
        {
            var hw = space.Build(point);
            hw.Architecture.Validate();
            Assert.Equal(hw.Config!.Macs, hw.Architecture.Compute.Instances);
            Assert.Equal(hw.Config.PeCols, hw.Architecture.Levels[2].FanoutX);
            Assert.Equal(hw.Config.PeRows, hw.Architecture.Levels[3].FanoutY);
            Assert.All(hw.Architecture.Levels.Where(l => !l.IsSpatialDummy).Skip(2), l => Assert.Equal(hw.Config.Pes * (l.Name == space.Names.WeightReg ? hw.Config.PeLanes * hw.Config.PeVectorWidth : 1), l.Instances));
            Assert.Equal(hw.Architecture.Levels.Select(l => l.Name).Order(), hw.Constraints.Keys.Order());
            Assert.True(hw.AreaMm2 > 0);
        }
    }

    [Fact]
    public void Weight_stationary_unrolls_output_channels_on_columns_and_input_channels_on_rows()
    {
        var hw = HardwareTemplate.Build(new HardwareConfig { Dataflow = Dataflow.WeightStationary, PeLanes = 4, PeVectorWidth = 4, WeightRegDepth = 1 });
        var columns = hw.Constraints["inter_PE_column_spatial"];
        Assert.Equal(["C", "N", "P", "Q", "R", "S"], columns.SpatialFactors.Keys.Order());
        var rows = hw.Constraints["inter_PE_spatial"];
        Assert.Equal(["M", "N", "P", "Q", "R", "S"], rows.SpatialFactors.Keys.Order());
        var vector = hw.Constraints["psum_spad"];
        Assert.Equal(1, vector.SpatialSplit);
        Assert.Equal(["C", "M"], vector.SpatialPermutation.Take(2));
        Assert.Equal(["C", "M", "R", "S"], hw.Constraints["weight_reg"].TemporalFactors.Keys.Order());
        Assert.Empty(hw.Constraints["weights_spad"].TemporalFactors);
        Assert.Empty(hw.Constraints["shared_glb"].Keep.ToArray());
    }

    [Fact]
    public void Weight_stationary_without_a_weight_register_keeps_weights_still_in_the_weight_scratchpad()
    {
        var hw = HardwareTemplate.Build(new HardwareConfig { Dataflow = Dataflow.WeightStationary });
        Assert.Equal(["C", "M", "R", "S"], hw.Constraints["weights_spad"].TemporalFactors.Keys.Order());
    }

    [Fact]
    public void Output_stationary_never_unrolls_a_reduction_and_completes_each_output_in_the_psum_scratchpad()
    {
        var hw = HardwareTemplate.Build(new HardwareConfig { Dataflow = Dataflow.OutputStationary });
        foreach (var level in new[] { "inter_PE_column_spatial", "inter_PE_spatial" })
        {
            var f = hw.Constraints[level].SpatialFactors;
            Assert.All(new[] { "C", "R", "S" }, d => Assert.Equal(1, f[d]));
        }
        Assert.DoesNotContain("P", hw.Constraints["inter_PE_column_spatial"].SpatialFactors.Keys);
        Assert.DoesNotContain("Q", hw.Constraints["inter_PE_spatial"].SpatialFactors.Keys);
        Assert.Equal(["M", "N", "P", "Q"], hw.Constraints["psum_spad"].TemporalFactors.Keys.Order());
    }

    [Fact]
    public void Free_dataflow_only_says_which_scratchpad_holds_which_tensor()
    {
        var hw = HardwareTemplate.Build(new HardwareConfig { Dataflow = Dataflow.Free });
        Assert.All(hw.Constraints.Values, c =>
        {
            Assert.Empty(c.TemporalFactors);
            Assert.Empty(c.SpatialFactors);
            Assert.True(c.TemporalPermutation.IsDefaultOrEmpty && c.SpatialPermutation.IsDefaultOrEmpty);
        });
        Assert.Equal(["Inputs"], hw.Constraints["ifmap_spad"].Keep.ToArray());
        Assert.Equal(["Weights"], hw.Constraints["weights_spad"].Keep.ToArray());
        Assert.Equal(["Outputs"], hw.Constraints["psum_spad"].Keep.ToArray());
        Assert.True(hw.Constraints["shared_glb"].IsEmpty);
    }
}
