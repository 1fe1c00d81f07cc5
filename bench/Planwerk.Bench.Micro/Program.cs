using BenchmarkDotNet.Running;

// bench/run.sh runs every benchmark: dotnet run -c Release --project bench/Planwerk.Bench.Micro -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Planwerk.Bench.Micro.TokenBenchmarks).Assembly).Run(args);
