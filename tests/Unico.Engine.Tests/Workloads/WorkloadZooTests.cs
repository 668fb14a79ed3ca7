using Unico.Engine.Workloads;

namespace Unico.Engine.Tests.Workloads;

/// <summary>
/// The built-in networks against their published descriptions: each network is walked as its
/// paper describes it (padding, pooling, shortcuts), so every layer's channels and output size must
/// follow from its input; and each total MAC count matches a published figure.
/// </summary>
public sealed class WorkloadZooTests
{
    [Fact]
    public void AlexNet_layers_chain_from_a_227_input_with_the_papers_kernel_counts()
    {
        // Krizhevsky et al. 2012, Section 3.5: 96 11x11x3 kernels (stride 4), 256 5x5x48, 384 3x3x256,
        // 384 3x3x192, 256 3x3x192, fully connected 4096, 4096, 1000; max pooling 3x3 stride 2
        // after conv1, conv2 and conv5.
        var net = new NetworkWalker(WorkloadZoo.AlexNet);
        var x = net.Conv("conv1", Activation.Square(3, 227), pad: 0);
        Assert.Equal(Activation.Square(96, 55), x);
        x = net.Conv("conv2", NetworkWalker.Pool(x, 3, 2), pad: 2);
        Assert.Equal(Activation.Square(256, 27), x);
        x = net.Conv("conv3", NetworkWalker.Pool(x, 3, 2), pad: 1);
        Assert.Equal(Activation.Square(384, 13), x);
        x = net.Conv("conv4", x, pad: 1);
        Assert.Equal(Activation.Square(384, 13), x);
        x = net.Conv("conv5", x, pad: 1);
        Assert.Equal(Activation.Square(256, 13), x);
        x = net.Fc("fc6", NetworkWalker.Pool(x, 3, 2));
        x = net.Fc("fc7", x);
        Assert.Equal(4096, x.Channels);
        x = net.Fc("fc8", x);
        Assert.Equal(1000, x.Channels);
        net.AssertEveryLayerVisited();
        // The kernels of conv2, conv4 and conv5 see only their own GPU's half of the channels.
        Assert.Equal(48, WorkloadZoo.AlexNet.Find("conv2")!.Bound("C"));
        Assert.Equal(192, WorkloadZoo.AlexNet.Find("conv4")!.Bound("C"));
        Assert.Equal(192, WorkloadZoo.AlexNet.Find("conv5")!.Bound("C"));
    }

    [Fact]
    public void Vgg16_is_configuration_D_with_same_padding_and_five_max_pools()
    {
        // Simonyan and Zisserman 2014, Table 1 column D; 3x3 convolutions with padding 1,
        // 2x2 max pooling with stride 2 after each block.
        int[][] blocks = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]];
        var net = new NetworkWalker(WorkloadZoo.Vgg16);
        var x = Activation.Square(3, 224);
        for (var b = 0; b < blocks.Length; b++)
        {
            for (var i = 0; i < blocks[b].Length; i++)
            {
                x = net.Conv($"conv{b + 1}_{i + 1}", x, pad: 1);
                Assert.Equal(blocks[b][i], x.Channels);
                Assert.Equal(224 >> b, x.Width);
            }
            x = NetworkWalker.Pool(x, 2, 2);
        }
        Assert.Equal(Activation.Square(512, 7), x);
        x = net.Fc("fc8", net.Fc("fc7", net.Fc("fc6", x)));
        Assert.Equal(1000, x.Channels);
        net.AssertEveryLayerVisited();
    }

    // He et al. 2015 Table 1: conv1 7x7/2 to 112x112, 3x3/2 max pool to 56x56, then conv2_x .. conv5_x
    // at 56, 28, 14, 7; global average pool and a 1000-way fc.
    private static readonly int[] StageSizes = [56, 28, 14, 7];

    [Fact]
    public void ResNet18_chains_through_basic_blocks_with_projections_where_the_shape_changes()
    {
        int[] widths = [64, 128, 256, 512];
        var net = new NetworkWalker(WorkloadZoo.ResNet18);
        var x = net.Conv("conv1", Activation.Square(3, 224), pad: 3);
        Assert.Equal(Activation.Square(64, 112), x);
        x = NetworkWalker.Pool(x, 3, 2, pad: 1);
        for (var stage = 0; stage < 4; stage++)
        {
            for (var b = 1; b <= 2; b++)
            {
                var block = $"conv{stage + 2}_{b}";
                var y = net.Conv($"{block}.b", net.Conv($"{block}.a", x, pad: 1), pad: 1);
                x = Shortcut(net, block, x, y);
            }
            Assert.Equal(Activation.Square(widths[stage], StageSizes[stage]), x);
        }
        Assert.Equal(1000, net.Fc("fc", NetworkWalker.GlobalPool(x)).Channels);
        net.AssertEveryLayerVisited();
        Assert.Equal(3, WorkloadZoo.ResNet18.Layers.Count(l => l.Name.EndsWith(".proj", StringComparison.Ordinal)));
    }

    [Fact]
    public void ResNet50_chains_through_3_4_6_3_bottleneck_blocks_with_stride_in_the_first_1x1()
    {
        int[] blocks = [3, 4, 6, 3];
        int[] widths = [256, 512, 1024, 2048];
        var net = new NetworkWalker(WorkloadZoo.ResNet50);
        var x = NetworkWalker.Pool(net.Conv("conv1", Activation.Square(3, 224), pad: 3), 3, 2, pad: 1);
        for (var stage = 0; stage < 4; stage++)
        {
            for (var b = 1; b <= blocks[stage]; b++)
            {
                var block = $"conv{stage + 2}_{b}";
                var y = net.Conv($"{block}.a", x, pad: 0);
                y = net.Conv($"{block}.b", y, pad: 1);
                y = net.Conv($"{block}.c", y, pad: 0);
                Assert.Equal(4 * WorkloadZoo.ResNet50.Find($"{block}.b")!.Bound("M"), y.Channels);
                x = Shortcut(net, block, x, y);
            }
            Assert.Equal(Activation.Square(widths[stage], StageSizes[stage]), x);
        }
        Assert.Equal(1000, net.Fc("fc", NetworkWalker.GlobalPool(x)).Channels);
        net.AssertEveryLayerVisited();
        Assert.Equal(new Spatial2D(2, 2), WorkloadZoo.ResNet50.Find("conv3_1.a")!.Stride);
        Assert.Equal(Spatial2D.One, WorkloadZoo.ResNet50.Find("conv3_1.b")!.Stride);
    }

    // The residual addition needs equal shapes: identity when the block keeps the shape, else a 1x1 projection.
    private static Activation Shortcut(NetworkWalker net, string block, Activation input, Activation output)
    {
        var shortcut = net.Has($"{block}.proj") ? net.Conv($"{block}.proj", input, pad: 0) : input;
        Assert.True(shortcut == output, $"{block}: shortcut {shortcut} cannot be added to {output}");
        return output;
    }

    [Fact]
    public void MobileNetV2_follows_table_2_row_by_row()
    {
        // Sandler et al. 2018 Table 2: (t, c, n, s) per bottleneck row, and each row's input size.
        (int T, int C, int N, int S)[] rows = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)];
        Activation[] rowInputs = [Activation.Square(32, 112), Activation.Square(16, 112), Activation.Square(24, 56), Activation.Square(32, 28),
            Activation.Square(64, 14), Activation.Square(96, 14), Activation.Square(160, 7)];
        var net = new NetworkWalker(WorkloadZoo.MobileNetV2);
        var x = net.Conv("conv1", Activation.Square(3, 224), pad: 1);
        var index = 0;
        for (var r = 0; r < rows.Length; r++)
        {
            Assert.Equal(rowInputs[r], x);
            var (t, c, n, s) = rows[r];
            for (var i = 0; i < n; i++)
            {
                var block = $"block{++index}";
                var y = x;
                if (t != 1) y = net.Conv($"{block}.expand", y, pad: 0);
                Assert.Equal(t * x.Channels, y.Channels);
                y = net.Conv($"{block}.dw", y, pad: 1);
                Assert.Equal(i == 0 ? s : 1, WorkloadZoo.MobileNetV2.Find($"{block}.dw")!.Stride.W);
                y = net.Conv($"{block}.project", y, pad: 0);
                Assert.Equal(c, y.Channels);
                x = y;
            }
        }
        Assert.Equal(17, index);
        Assert.Equal(Activation.Square(320, 7), x);
        x = net.Conv("conv_last", x, pad: 0);
        Assert.Equal(Activation.Square(1280, 7), x);
        Assert.Equal(1000, net.Fc("fc", NetworkWalker.GlobalPool(x)).Channels);
        net.AssertEveryLayerVisited();
        Assert.All(WorkloadZoo.MobileNetV2.Layers.Where(l => l.Name.EndsWith(".dw", StringComparison.Ordinal)), l => Assert.Equal(LayerKind.Depthwise, l.Kind));
    }

    [Fact]
    public void BertBase_has_one_encoder_layers_matmuls_repeated_for_12_layers_and_12_heads()
    {
        // Devlin et al. 2018: BERT-base L=12, H=768, A=12 (head size 64), feed-forward 4H = 3072; sequence 128.
        var bert = WorkloadZoo.BertBase;
        void Gemm(string name, LayerKind kind, int m, int n, int k, int repeat)
        {
            var l = bert.Find(name)!;
            Assert.Equal(kind, l.Kind);
            Assert.Equal((m, n, k, repeat), (l.Bound("M"), l.Bound("N"), l.Bound("K"), l.Repeat));
        }
        foreach (var proj in (string[])["q_proj", "k_proj", "v_proj", "out_proj"]) Gemm(proj, LayerKind.FullyConnected, 128, 768, 768, 12);
        Gemm("attn_scores", LayerKind.Matmul, 128, 128, 64, 144);
        Gemm("attn_context", LayerKind.Matmul, 128, 64, 128, 144);
        Gemm("ffn_up", LayerKind.FullyConnected, 128, 3072, 768, 12);
        Gemm("ffn_down", LayerKind.FullyConnected, 128, 768, 3072, 12);
        Assert.Equal(8, bert.LayerCount);
    }

    [Fact]
    public void BertBase_macs_equal_the_closed_form_count()
    {
        // Per layer: 4 s d^2 (projections) + 2 s d f (FFN) + 2 s^2 d (scores and context over all heads).
        const long s = 128, d = 768, f = 3072, layers = 12;
        Assert.Equal(layers * (4 * s * d * d + 2 * s * d * f + 2 * s * s * d), WorkloadZoo.BertBase.TotalMacs);
    }

    /// <summary>
    /// Published totals (multiply-accumulates, batch 1): AlexNet 724M, VGG-16 15.5G (Sze et al.,
    /// Efficient Processing of DNNs, Proc. IEEE 2017, table of popular DNNs); ResNet-18 1.8G and
    /// ResNet-50 3.8G "FLOPs" (multiply-adds; He et al. 2015 Table 1, given to 2 digits);
    /// MobileNetV2 300M multiply-adds (Sandler et al. 2018, Table 4); BERT-base 11.2G at sequence
    /// 128 (the closed form above, 11.17G).
    /// </summary>
    [Theory]
    [InlineData("AlexNet", 724e6, 0.01)]
    [InlineData("VGG16", 15.5e9, 0.01)]
    [InlineData("ResNet-18", 1.8e9, 0.02)]
    [InlineData("ResNet-50", 3.8e9, 0.02)]
    [InlineData("MobileNetV2", 300e6, 0.01)]
    [InlineData("BERT-base", 11.2e9, 0.01)]
    public void Total_macs_match_the_published_figure(string name, double published, double tolerance)
    {
        Assert.True(WorkloadZoo.TryGet(name, out var workload));
        var macs = (double)workload.TotalMacs;
        Assert.True(Math.Abs(macs / published - 1) <= tolerance,
            $"{name}: {macs / 1e9:F4} GMACs is {100 * (macs / published - 1):F2}% from the published {published / 1e9} G (tolerance {100 * tolerance}%)");
    }

    [Fact]
    public void Exact_totals_are_pinned_so_an_edit_to_a_table_is_noticed()
    {
        Assert.Equal(724_406_816, WorkloadZoo.AlexNet.TotalMacs);
        Assert.Equal(15_470_264_320, WorkloadZoo.Vgg16.TotalMacs);
        Assert.Equal(1_814_073_344, WorkloadZoo.ResNet18.TotalMacs);
        Assert.Equal(3_857_973_248, WorkloadZoo.ResNet50.TotalMacs);
        Assert.Equal(300_774_272, WorkloadZoo.MobileNetV2.TotalMacs);
        Assert.Equal(11_173_625_856, WorkloadZoo.BertBase.TotalMacs);
    }

    [Theory]
    [InlineData("resnet50", "ResNet-50")]
    [InlineData("RESNET_50", "ResNet-50")]
    [InlineData("mobilenet-v2", "MobileNetV2")]
    [InlineData("bert base", "BERT-base")]
    [InlineData("vgg-16", "VGG16")]
    public void Built_ins_are_found_ignoring_case_and_punctuation(string query, string expected)
    {
        Assert.True(WorkloadZoo.TryGet(query, out var workload));
        Assert.Equal(expected, workload.Name);
    }

    [Fact]
    public void Every_built_in_names_its_source_and_uses_batch_1()
    {
        Assert.Equal(6, WorkloadZoo.All.Length);
        foreach (var w in WorkloadZoo.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(w.Source), w.Name);
            Assert.False(string.IsNullOrWhiteSpace(w.Description), w.Name);
            foreach (var l in w.Layers.Where(l => l.Kind.IsConvolution())) Assert.Equal(1, l.Bound("N"));
            foreach (var l in w.Layers.Where(l => l.Kind == LayerKind.FullyConnected && w != WorkloadZoo.BertBase)) Assert.Equal(1, l.Bound("M"));
        }
    }
}

/// <summary>The network walk used above does reject wrong tables.</summary>
public sealed class NetworkWalkerTests
{
    private static Workload Net(params Layer[] layers) => new("t", "", "", [.. layers]);

    [Fact]
    public void A_wrong_output_size_fails_the_walk()
    {
        var net = new NetworkWalker(Net(Layer.Conv("c", 3, 8, 3, 3, 16, 16, stride: 2)));
        Assert.ThrowsAny<Exception>(() => net.Conv("c", Activation.Square(3, 32), pad: 0)); // (32 - 3)/2 + 1 = 15
    }

    [Fact]
    public void A_channel_or_input_count_mismatch_fails_the_walk()
    {
        var net = new NetworkWalker(Net(Layer.Conv("a", 3, 8, 1, 1, 4, 4), Layer.Conv("b", 4, 8, 1, 1, 4, 4), Layer.FullyConnected("f", 100, 10)));
        var x = net.Conv("a", Activation.Square(3, 4), pad: 0);
        Assert.ThrowsAny<Exception>(() => net.Conv("b", x, pad: 0));
        Assert.ThrowsAny<Exception>(() => net.Fc("f", x)); // 8x4x4 = 128 inputs, not 100
    }

    [Fact]
    public void A_layer_left_out_of_the_walk_fails_it()
    {
        var net = new NetworkWalker(Net(Layer.Conv("a", 3, 8, 1, 1, 4, 4), Layer.Conv("extra", 8, 8, 1, 1, 4, 4)));
        net.Conv("a", Activation.Square(3, 4), pad: 0);
        Assert.ThrowsAny<Exception>(net.AssertEveryLayerVisited);
    }
}
