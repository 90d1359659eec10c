using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

/// <summary>
/// The ML.NET peer of a whole model build (eng/benchmarks/build-race.sh): load both CSV files with ML.NET's own text
/// loader, train LightGBM with the model project's settings, compute the test AUC. The caller times the process.
/// </summary>
internal static class WholeProcess
{
    public static void Run(string trainFile, string testFile, int threads)
    {
        var clock = Stopwatch.StartNew();
        var context = new MLContext(seed: 42);
        var columns = new[]
        {
            new TextLoader.Column("Features", DataKind.Single, 0, 27),
            new TextLoader.Column("Label", DataKind.Boolean, 28),
        };
        var options = new TextLoader.Options { Columns = columns, HasHeader = true, Separators = [','] };
        var train = context.Data.LoadFromTextFile(trainFile, options);
        var test = context.Data.LoadFromTextFile(testFile, options);
        var model = context.BinaryClassification.Trainers.LightGbm(LightGbmSettings.Of(threads)).Fit(train);
        var trained = clock.Elapsed.TotalSeconds;
        var metrics = context.BinaryClassification.Evaluate(model.Transform(test));
        Console.WriteLine(FormattableString.Invariant(
            $"LightGBM (Microsoft.ML.LightGbm 5.0.1), whole process, {threads} threads: load + train {trained:0.00} s, evaluate {clock.Elapsed.TotalSeconds - trained:0.00} s; test auc {metrics.AreaUnderRocCurve:0.0000}"));
    }
}
