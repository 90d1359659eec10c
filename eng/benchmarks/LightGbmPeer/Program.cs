// The ML.NET peers of eng/benchmarks/trees.sh on the trees benchmark's data: LightGBM (Microsoft.ML.LightGbm) and
// FastTree (Microsoft.ML.FastTree), 100 trees, 31 leaves, 255 bins, learning rate 0.1, at least 20 rows a leaf, the
// given number of threads (LightGBM also L2 1 and sigmoid 1, as the others). Times Fit on rows already in memory, as the
// xgboost peer and MLOps.Build's workload time training apart from reading; the model size is that of ML.NET's saved
// zip. Usage: LightGbmPeer TRAIN.csv TEST.csv [threads]
// With --whole first (eng/benchmarks/build-race.sh), the whole process is the race: ML.NET's text loader reads both files,
// LightGBM trains and the test AUC is computed, as a build of the model project does; nothing else is run.
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

if (args is ["--isa"])
{
    Console.WriteLine($"Vector512.IsHardwareAccelerated {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
    return;
}
if (args is ["--whole", var trainFile, var testFile, ..])
{
    WholeProcess.Run(trainFile, testFile, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2);
    return;
}
var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
var context = new MLContext(seed: 42);
var train = context.Data.LoadFromEnumerable(Read(args[0]));
var test = context.Data.LoadFromEnumerable(Read(args[1]));
Race("LightGBM (Microsoft.ML.LightGbm 5.0.1)", context.BinaryClassification.Trainers.LightGbm(LightGbmSettings.Of(threads)));
Race("FastTree (Microsoft.ML.FastTree 5.0.1)", context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
{
    NumberOfTrees = 100,
    NumberOfLeaves = 31,
    MaximumBinCountPerFeature = 255,
    LearningRate = 0.1,
    MinimumExampleCountPerLeaf = 20,
    NumberOfThreads = threads,
    Seed = 42,
}));

void Race<TModel>(string name, IEstimator<TModel> trainer) where TModel : ITransformer
{
    var clock = Stopwatch.StartNew();
    var model = trainer.Fit(train);
    var seconds = clock.Elapsed.TotalSeconds;
    var metrics = context.BinaryClassification.Evaluate(model.Transform(test)); // ML.NET's log-loss is in bits: printed in nats, as the others
    var path = Path.GetTempFileName();
    context.Model.Save(model, train.Schema, path);
    var bytes = new FileInfo(path).Length;
    File.Delete(path);
    Console.WriteLine(FormattableString.Invariant(
        $"{name}, {threads} threads: {seconds:0.00} s, test log_loss {metrics.LogLoss * Math.Log(2):0.000000}, auc {metrics.AreaUnderRocCurve:0.0000}, model {bytes:N0} bytes"));
    Console.WriteLine(FormattableString.Invariant($"race|{name}|{seconds:0.00}|{metrics.AreaUnderRocCurve:0.0000}|{bytes}"));
}

static List<Row> Read(string path)
{
    var rows = new List<Row>();
    foreach (var line in File.ReadLines(path).Skip(1))
    {
        var values = line.Split(',');
        rows.Add(new Row
        {
            Features = values[..^1].Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray(),
            Label = double.Parse(values[^1], CultureInfo.InvariantCulture) > 0.5,
        });
    }
    return rows;
}

internal sealed class Row
{
    [VectorType(28)]
    public float[] Features { get; set; } = [];
    public bool Label { get; set; }
}
