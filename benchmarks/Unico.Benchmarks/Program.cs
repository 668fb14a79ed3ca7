using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Unico.Benchmarks.CostModelBenchmarks).Assembly).Run(args);
