using System.Text.Json;
using MLOps.Engine.Data;
using MLOps.Engine.Pipeline;

namespace MLOps.Benchmarks;

/// <summary>
/// Trains every built-in trainer on the train/test splits eng/benchmarks/compare_peer.py wrote, through the engine's
/// own pipeline (as dotnet build does), and prints one JSON line of test metrics per dataset and trainer.
/// </summary>
public static class CompareWorkload
{
    private static readonly (string Data, string Label, string Task, string[] Trainers, string[] Exclude)[] Cases =
    [
        ("breast_cancer", "benign", "BinaryClassification", ["LogisticRegression", "GradientBoostedTrees"], []),
        ("churn", "churned", "BinaryClassification", ["LogisticRegression", "GradientBoostedTrees"], ["customer_id"]),
        ("wine", "cultivar", "MulticlassClassification", ["LogisticRegression", "GradientBoostedTrees"], []),
        ("diabetes", "progression", "Regression", ["LinearRegression", "GradientBoostedTrees"], []),
    ];

    public static void Run(string folder)
    {
        var output = Directory.CreateTempSubdirectory("mlops-compare-").FullName;
        foreach (var (data, label, task, trainers, exclude) in Cases)
            foreach (var trainer in trainers)
            {
                var spec = new ModelSpec
                {
                    Name = $"{data}-{trainer}",
                    ProjectFile = Path.Combine(output, "compare.mlproj"),
                    Task = task,
                    Trainer = trainer,
                    LabelColumn = label,
                    TrainingData = [new DataFile(Path.Combine(folder, $"{data}.train.csv"), $"{data}.train.csv")],
                    EvaluationData = [new DataFile(Path.Combine(folder, $"{data}.test.csv"), $"{data}.test.csv")],
                    ExcludeColumns = exclude,
                    Outputs = new ModelOutputs(Path.Combine(output, $"{data}-{trainer}.model.json"), Path.Combine(output, $"{data}-{trainer}.metrics.json"),
                        Path.Combine(output, "r.md"), Path.Combine(output, $"{data}-{trainer}.fp.json"), Path.Combine(output, "g.json"), Path.Combine(output, "r.html")),
                };
                var fingerprint = Fingerprint.Compute(spec);
                var trained = ModelBuild.Train(spec, fingerprint);
                var evaluated = trained.Succeeded ? ModelBuild.Evaluate(spec, fingerprint) : trained;
                if (!evaluated.Succeeded) throw new InvalidOperationException(string.Join("\n", evaluated.Diagnostics));
                var metrics = MLOps.Engine.Reports.MetricsFile.Read(spec.Outputs.MetricsPath).Metrics;
                Console.WriteLine(JsonSerializer.Serialize(new { data, trainer, metrics }));
            }
        Directory.Delete(output, recursive: true);
    }
}
