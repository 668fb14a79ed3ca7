using Unico.Engine.Workloads;

namespace Unico.Engine.Tests.Workloads;

/// <summary>Workloads: validation, totals and merging identical layers.</summary>
public sealed class WorkloadTests
{
    [Fact]
    public void A_workload_needs_layers_with_distinct_names()
    {
        Assert.Throws<ArgumentException>(() => new Workload("w", "", "", []));
        Assert.Throws<ArgumentException>(() => new Workload("w", "", "", [Layer.Matmul("a", 1, 1, 1), Layer.Matmul("a", 2, 2, 2)]));
        Assert.Throws<ArgumentException>(() => new Workload("", "", "", [Layer.Matmul("a", 1, 1, 1)]));
    }

    [Fact]
    public void Totals_sum_macs_times_repeat_and_count_runs()
    {
        var w = new Workload("w", "", "", [Layer.Matmul("a", 2, 3, 4, repeat: 3), Layer.FullyConnected("b", 10, 5)]);
        Assert.Equal(2, w.LayerCount);
        Assert.Equal(4, w.LayerRuns);
        Assert.Equal(3 * 24 + 50, w.TotalMacs);
    }

    [Fact]
    public void DistinctLayers_merges_resnet50s_repeated_bottleneck_blocks()
    {
        var w = WorkloadZoo.ResNet50;
        var distinct = w.DistinctLayers();
        // conv1, fc; conv2_x: a (first), a (rest), b, c = proj; conv3_x .. conv5_x: a (first), a (rest), b, c, proj.
        Assert.Equal(54, w.LayerCount);
        Assert.Equal(21, distinct.Length);
        Assert.Equal(54, distinct.Sum(d => d.Repeat));
        Assert.Equal(w.TotalMacs, distinct.Sum(d => d.TotalMacs));
        var b3 = distinct.Single(d => d.LayerNames.Contains("conv4_1.b"));
        Assert.Equal(["conv4_1.b", "conv4_2.b", "conv4_3.b", "conv4_4.b", "conv4_5.b", "conv4_6.b"], b3.LayerNames.ToArray());
        Assert.Equal(6, b3.Repeat);
        Assert.Equal(["conv2_1.c", "conv2_1.proj", "conv2_2.c", "conv2_3.c"], distinct.Single(d => d.LayerNames.Contains("conv2_1.proj")).LayerNames.ToArray());
        // The strided 1x1 of conv3_1 is not merged with the unit-stride 1x1 of conv3_2 and later.
        Assert.DoesNotContain("conv3_2.a", distinct.Single(d => d.LayerNames.Contains("conv3_1.a")).LayerNames);
    }

    [Fact]
    public void DistinctLayers_sums_repeat_counts_and_keeps_first_appearance_order()
    {
        var w = WorkloadZoo.BertBase;
        var distinct = w.DistinctLayers();
        Assert.Equal(5, distinct.Length);
        Assert.Equal(["q_proj", "k_proj", "v_proj", "out_proj"], distinct[0].LayerNames.ToArray());
        Assert.Equal(48, distinct[0].Repeat);
        Assert.Equal(LayerKind.FullyConnected, distinct[0].Kind);
        Assert.Equal(["attn_scores"], distinct[1].LayerNames.ToArray());
        Assert.Equal(144, distinct[1].Repeat);
        Assert.Equal(w.TotalMacs, distinct.Sum(d => d.TotalMacs));
        Assert.Same(w.Layers[0].Problem, distinct[0].Problem);
    }

    [Fact]
    public void Every_built_in_keeps_its_macs_when_merged()
    {
        foreach (var w in WorkloadZoo.All)
        {
            var distinct = w.DistinctLayers();
            Assert.Equal(w.TotalMacs, distinct.Sum(d => d.TotalMacs));
            Assert.Equal(distinct.Length, distinct.Select(d => d.Key).Distinct().Count());
            Assert.Equal(w.LayerCount, distinct.Sum(d => d.LayerNames.Length));
        }
    }

    [Fact]
    public void Workloads_with_equal_content_are_equal()
    {
        var a = new Workload("w", "d", "s", [Layer.Conv("c", 3, 8, 3, 3, 8, 8)]);
        var b = new Workload("w", "d", "s", [Layer.Conv("c", 3, 8, 3, 3, 8, 8)]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new Workload("w", "d", "s", [Layer.Conv("c", 3, 8, 3, 3, 8, 8, repeat: 2)]));
    }
}
