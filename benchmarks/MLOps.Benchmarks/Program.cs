using BenchmarkDotNet.Running;
using MLOps.Benchmarks;

if (args is ["linear", var train, var test, ..])
{
    LinearWorkload.Run(train, test, args[3..]);
    return;
}
if (args is ["trees", var treesTrain, var treesTest, ..])
{
    TreesWorkload.Run(treesTrain, treesTest, args.Length > 3 ? int.Parse(args[3]) : Environment.ProcessorCount, args.Length > 4 ? args[4] : null);
    return;
}
if (args is ["trees-time", var timedTrain, ..])
{
    TreesTimingWorkload.Run(timedTrain, args.Length > 2 ? int.Parse(args[2]) : 3, args.Length > 3 ? int.Parse(args[3]) : 2, args.Length > 4 ? int.Parse(args[4]) : 100);
    return;
}
if (args is ["score", var scoreModel, var scoreData, ..])
{
    ScoringWorkload.Run(scoreModel, scoreData, args.Length > 3 ? int.Parse(args[3]) : 7);
    return;
}
if (args is ["compare", var compareFolder])
{
    CompareWorkload.Run(compareFolder);
    return;
}
if (args is ["csv-memory", var data])
{
    CsvWorkload.Memory(data);
    return;
}
if (args is ["csv", var csv, ..])
{
    CsvWorkload.Run(csv, args.Length > 2 ? int.Parse(args[2]) : 3);
    return;
}
if (args is ["monitor", var monitorReference, var monitorCurrent, ..])
{
    MonitorWorkload.Run(monitorReference, monitorCurrent, args.Length > 3 ? int.Parse(args[3]) : 3, args.Length > 4 ? args[4] : null);
    return;
}
if (args is ["gate", ..])
{
    var rows = args.Length > 1 ? int.Parse(args[1]) : 1_000_000;
    var resamples = args.Length > 2 ? int.Parse(args[2]) : 2_000;
    GateWorkload.Run(rows, resamples);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(GateWorkload).Assembly).Run(args);
