using System.Collections.Immutable;

namespace Unico.Engine.Workloads;

/// <summary>
/// Built-in workloads with published layer shapes, batch 1, MAC layers only (convolutions, fully
/// connected layers, matmuls; pooling, activations, normalization, softmax and residual additions
/// are left out). Conventions and sources per network are in <c>docs/workloads.md</c>.
/// </summary>
public static class WorkloadZoo
{
    /// <summary>AlexNet (Krizhevsky et al. 2012): 227x227 input, the two-GPU split of conv2, conv4 and conv5 as 2 groups; about 0.72 GMACs.</summary>
    public static Workload AlexNet { get; } = BuildAlexNet();

    /// <summary>VGG16 (Simonyan and Zisserman 2014, configuration D): 13 3x3 convolutions and 3 fully connected layers; about 15.5 GMACs.</summary>
    public static Workload Vgg16 { get; } = BuildVgg16();

    /// <summary>ResNet-18 (He et al. 2015, Table 1) with 1x1 projection shortcuts where the shape changes; about 1.8 GMACs.</summary>
    public static Workload ResNet18 { get; } = BuildResNet18();

    /// <summary>ResNet-50 (He et al. 2015, Table 1), original form: stride 2 in each stage's first 1x1 convolution, projection shortcuts; about 3.86 GMACs.</summary>
    public static Workload ResNet50 { get; } = BuildResNet50();

    /// <summary>MobileNetV2 (Sandler et al. 2018, Table 2), width 1.0, 224x224; about 0.30 GMACs.</summary>
    public static Workload MobileNetV2 { get; } = BuildMobileNetV2();

    /// <summary>BERT-base encoder (Devlin et al. 2018) at sequence length 128: one layer's matmuls, repeated for 12 layers and 12 heads; about 11.2 GMACs.</summary>
    public static Workload BertBase { get; } = BuildBertBase();

    /// <summary>All built-in workloads, in the order listed.</summary>
    public static ImmutableArray<Workload> All { get; } = [AlexNet, Vgg16, ResNet18, ResNet50, MobileNetV2, BertBase];

    /// <summary>The names of the built-in workloads.</summary>
    public static ImmutableArray<string> Names { get; } = [.. All.Select(w => w.Name)];

    /// <summary>
    /// Finds a built-in by name, ignoring case and any characters other than letters and digits
    /// (so <c>resnet50</c>, <c>ResNet-50</c> and <c>RESNET_50</c> all find ResNet-50).
    /// </summary>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Workload? workload)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wanted = Normalize(name);
        workload = wanted.Length == 0 ? null : All.FirstOrDefault(w => Normalize(w.Name) == wanted);
        return workload is not null;
    }

    private static string Normalize(string name) => new([.. name.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant)]);

    private static Layer Conv(string name, int c, int m, int k, int stride, int outSize) => Layer.Conv(name, c, m, k, k, outSize, outSize, stride);

    private static Workload BuildAlexNet() => new(
        "AlexNet",
        "AlexNet at batch 1, 227x227 input: 5 convolutions (conv2, conv4, conv5 in 2 groups, as the original two-GPU network) and 3 fully connected layers.",
        "Krizhevsky, Sutskever, Hinton, ImageNet Classification with Deep Convolutional Neural Networks, NIPS 2012, Section 3.5 and Figure 2; single-tower form with groups as in Caffe's bvlc_alexnet.",
        [
            Conv("conv1", 3, 96, 11, 4, 55),
            Layer.Grouped("conv2", 2, 48, 128, 5, 5, 27, 27),
            Conv("conv3", 256, 384, 3, 1, 13),
            Layer.Grouped("conv4", 2, 192, 192, 3, 3, 13, 13),
            Layer.Grouped("conv5", 2, 192, 128, 3, 3, 13, 13),
            Layer.FullyConnected("fc6", 256 * 6 * 6, 4096),
            Layer.FullyConnected("fc7", 4096, 4096),
            Layer.FullyConnected("fc8", 4096, 1000),
        ]);

    private static Workload BuildVgg16() => new(
        "VGG16",
        "VGG16 (configuration D) at batch 1, 224x224 input: 13 3x3 convolutions and 3 fully connected layers.",
        "Simonyan, Zisserman, Very Deep Convolutional Networks for Large-Scale Image Recognition, arXiv:1409.1556 (ICLR 2015), Table 1, configuration D.",
        [
            Conv("conv1_1", 3, 64, 3, 1, 224),
            Conv("conv1_2", 64, 64, 3, 1, 224),
            Conv("conv2_1", 64, 128, 3, 1, 112),
            Conv("conv2_2", 128, 128, 3, 1, 112),
            Conv("conv3_1", 128, 256, 3, 1, 56),
            Conv("conv3_2", 256, 256, 3, 1, 56),
            Conv("conv3_3", 256, 256, 3, 1, 56),
            Conv("conv4_1", 256, 512, 3, 1, 28),
            Conv("conv4_2", 512, 512, 3, 1, 28),
            Conv("conv4_3", 512, 512, 3, 1, 28),
            Conv("conv5_1", 512, 512, 3, 1, 14),
            Conv("conv5_2", 512, 512, 3, 1, 14),
            Conv("conv5_3", 512, 512, 3, 1, 14),
            Layer.FullyConnected("fc6", 512 * 7 * 7, 4096),
            Layer.FullyConnected("fc7", 4096, 4096),
            Layer.FullyConnected("fc8", 4096, 1000),
        ]);

    // He et al. Table 1: per stage (conv2_x .. conv5_x) the width, the number of blocks and the
    // output size; the first block of conv3_x .. conv5_x halves the size.
    private static Workload BuildResNet18()
    {
        (int Stage, int Width, int Blocks, int Size)[] stages = [(2, 64, 2, 56), (3, 128, 2, 28), (4, 256, 2, 14), (5, 512, 2, 7)];
        var layers = ImmutableArray.CreateBuilder<Layer>();
        layers.Add(Conv("conv1", 3, 64, 7, 2, 112));
        var channels = 64;
        foreach (var (stage, width, blocks, size) in stages)
        {
            for (var b = 1; b <= blocks; b++)
            {
                var stride = b == 1 && stage > 2 ? 2 : 1;
                var block = $"conv{stage}_{b}";
                layers.Add(Conv($"{block}.a", channels, width, 3, stride, size));
                layers.Add(Conv($"{block}.b", width, width, 3, 1, size));
                if (channels != width || stride != 1) layers.Add(Conv($"{block}.proj", channels, width, 1, stride, size));
                channels = width;
            }
        }
        layers.Add(Layer.FullyConnected("fc", channels, 1000));
        return new Workload(
            "ResNet-18",
            "ResNet-18 at batch 1, 224x224 input: basic blocks of two 3x3 convolutions, 1x1 projection shortcuts where the shape changes, 1000-way fc.",
            "He, Zhang, Ren, Sun, Deep Residual Learning for Image Recognition, arXiv:1512.03385 (CVPR 2016), Table 1 (18-layer); projection shortcuts (option B, Section 3.3).",
            layers.ToImmutable());
    }

    private static Workload BuildResNet50()
    {
        (int Stage, int Width, int Blocks, int Size)[] stages = [(2, 64, 3, 56), (3, 128, 4, 28), (4, 256, 6, 14), (5, 512, 3, 7)];
        var layers = ImmutableArray.CreateBuilder<Layer>();
        layers.Add(Conv("conv1", 3, 64, 7, 2, 112));
        var channels = 64;
        foreach (var (stage, width, blocks, size) in stages)
        {
            var outChannels = 4 * width;
            for (var b = 1; b <= blocks; b++)
            {
                var stride = b == 1 && stage > 2 ? 2 : 1;
                var block = $"conv{stage}_{b}";
                layers.Add(Conv($"{block}.a", channels, width, 1, stride, size));
                layers.Add(Conv($"{block}.b", width, width, 3, 1, size));
                layers.Add(Conv($"{block}.c", width, outChannels, 1, 1, size));
                if (b == 1) layers.Add(Conv($"{block}.proj", channels, outChannels, 1, stride, size));
                channels = outChannels;
            }
        }
        layers.Add(Layer.FullyConnected("fc", channels, 1000));
        return new Workload(
            "ResNet-50",
            "ResNet-50 at batch 1, 224x224 input: bottleneck blocks (1x1, 3x3, 1x1), stride 2 in the first 1x1 of conv3_1, conv4_1 and conv5_1, 1x1 projection shortcuts, 1000-way fc.",
            "He, Zhang, Ren, Sun, Deep Residual Learning for Image Recognition, arXiv:1512.03385 (CVPR 2016), Table 1 (50-layer); projection shortcuts for increasing dimensions (option B).",
            layers.ToImmutable());
    }

    private static Workload BuildMobileNetV2()
    {
        // Sandler et al. Table 2: per row the expansion factor t, output channels c, repeats n and
        // the first repeat's stride s.
        (int T, int C, int N, int S)[] rows = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)];
        var layers = ImmutableArray.CreateBuilder<Layer>();
        layers.Add(Conv("conv1", 3, 32, 3, 2, 112));
        var channels = 32;
        var size = 112;
        var index = 0;
        foreach (var (t, c, n, s) in rows)
        {
            for (var i = 0; i < n; i++)
            {
                var stride = i == 0 ? s : 1;
                var hidden = channels * t;
                var block = $"block{++index}";
                // With t = 1 there is no expansion: the depthwise convolution reads the input directly.
                if (t != 1) layers.Add(Conv($"{block}.expand", channels, hidden, 1, 1, size));
                size /= stride;
                layers.Add(Layer.Depthwise($"{block}.dw", hidden, 3, 3, size, size, stride));
                layers.Add(Conv($"{block}.project", hidden, c, 1, 1, size));
                channels = c;
            }
        }
        layers.Add(Conv("conv_last", channels, 1280, 1, 1, size));
        layers.Add(Layer.FullyConnected("fc", 1280, 1000));
        return new Workload(
            "MobileNetV2",
            "MobileNetV2 (width 1.0) at batch 1, 224x224 input: 17 inverted-residual blocks (1x1 expansion by t, 3x3 depthwise, 1x1 projection), 1x1 conv to 1280, 1000-way classifier.",
            "Sandler, Howard, Zhu, Zhmoginov, Chen, MobileNetV2: Inverted Residuals and Linear Bottlenecks, arXiv:1801.04381 (CVPR 2018), Table 2 (and Table 1 for the block).",
            layers.ToImmutable());
    }

    private const int BertLayers = 12, BertHeads = 12, BertHidden = 768, BertFfn = 3072, BertSequence = 128;

    private static Workload BuildBertBase()
    {
        const int s = BertSequence, d = BertHidden, dh = BertHidden / BertHeads;
        const int perHead = BertLayers * BertHeads;
        return new Workload(
            "BERT-base",
            "BERT-base encoder at batch 1, sequence length 128: per layer the Q, K, V and output projections, Q x K^T and attention x V per head, FFN up and down; repeats cover 12 layers and 12 heads.",
            "Devlin, Chang, Lee, Toutanova, BERT, arXiv:1810.04805 (NAACL 2019), Section 3 (BERT-base: L=12, H=768, A=12, FFN 4H=3072); attention as in Vaswani et al., Attention Is All You Need, NIPS 2017, Section 3.2.",
            [
                Layer.FullyConnected("q_proj", d, d, batch: s, repeat: BertLayers),
                Layer.FullyConnected("k_proj", d, d, batch: s, repeat: BertLayers),
                Layer.FullyConnected("v_proj", d, d, batch: s, repeat: BertLayers),
                Layer.Matmul("attn_scores", s, s, dh, repeat: perHead),
                Layer.Matmul("attn_context", s, dh, s, repeat: perHead),
                Layer.FullyConnected("out_proj", d, d, batch: s, repeat: BertLayers),
                Layer.FullyConnected("ffn_up", d, BertFfn, batch: s, repeat: BertLayers),
                Layer.FullyConnected("ffn_down", BertFfn, d, batch: s, repeat: BertLayers),
            ]);
    }
}
