using Xunit;

namespace MLOps.Build.Tests;

/// <summary>Trainer=External: a team's own trainer (here a small Python program written for the test) and every other stage of MLOps.Build.</summary>
public class ExternalTrainerBuildTests
{
    // Reads the request, predicts the training data's positive rate for everyone: a model in the MLOps format with no inputs.
    internal const string Trainer = """
        import csv, json, math, sys
        request = json.load(open(sys.argv[-1]))
        label = request["labelColumn"]
        rows = [row for path in request["trainingData"] for row in csv.DictReader(open(path, encoding="utf-8"))]
        rate = sum(1 for row in rows if row[label] == "true") / len(rows)
        print(f"read {len(rows)} rows, positive rate {rate:.4f}, seed {request['seed']}, depth {request['parameters'].get('Depth')}")
        model = {
            "format": request["modelFormat"], "formatVersion": request["modelFormatVersion"], "name": request["model"],
            "task": request["task"], "label": {"name": label, "type": "boolean", "classes": ["false", "true"]},
            "inputs": [], "predictor": {"kind": "linear", "link": "logit", "intercept": math.log(rate / (1 - rate)), "weights": []},
            "training": {"trainer": "my-trainer", "parameters": {}, "seed": request["seed"], "engineVersion": "x", "fingerprint": "x", "trainingRows": len(rows)},
        }
        json.dump(model, open(request["modelPath"], "w"))
        """;

    [Fact]
    public void An_external_trainer_trains_and_every_other_stage_runs_as_usual()
    {
        using var project = new ModelProject().WithChurnProject("<Trainer>External</Trainer><TrainerCommand>python3 trainer.py</TrainerCommand>",
            """<TrainerParameter Include="Depth" Value="7" /><ModelGate Include="auc" Maximum="0.51" />""");
        File.WriteAllText(Path.Combine(project.Directory, "trainer.py"), Trainer);

        var result = project.Build();

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("Churn: [trainer] read 8,000 rows".Replace(",", ""), result.Output.Replace(",", ""));
        Assert.Contains("depth 7", result.Output);
        Assert.Contains("trained by TrainerCommand", result.Output);
        var model = MLOps.Runtime.Model.Load(project.ModelPath).Document;
        Assert.Equal("External", model.Training.Trainer);
        Assert.Equal("7", model.Training.Parameters["Depth"]);
        Assert.True(File.Exists(project.MetricsPath));

        var again = project.Build();
        Assert.False(again.Trained, again.Output);
        File.AppendAllText(Path.Combine(project.Directory, "trainer.py"), "\n# a change to the trainer retrains\n");
        Assert.True(project.Build().Trained);
    }

    [Fact]
    public void A_failing_or_missing_trainer_command_is_a_coded_error()
    {
        using var project = new ModelProject().WithChurnProject("<Trainer>External</Trainer><TrainerCommand>python3 broken.py</TrainerCommand>");
        File.WriteAllText(Path.Combine(project.Directory, "broken.py"),
            "import sys\nfor n in range(1, 7): print(f'loading part {n}', file=sys.stderr)\nprint('cannot find the GPU', file=sys.stderr)\nsys.exit(3)\n");
        var failed = project.Build();
        Assert.False(failed.Succeeded);
        Assert.Contains("error MLOPS2010: TrainerCommand 'python3 broken.py' exited with code 3. Its last error output: " +
            "loading part 3 | loading part 4 | loading part 5 | loading part 6 | cannot find the GPU", failed.Output);
        Assert.Contains("Churn: [trainer] loading part 1", failed.Output);

        project.WithChurnProject("<Trainer>External</Trainer>");
        var unset = project.Build();
        Assert.False(unset.Succeeded);
        Assert.Contains("error MLOPS2009", unset.Output);
    }

    // A team whose model cannot be written in our format: predicts each evaluation row (short tenure churns) and writes only that.
    private const string PredictingTrainer = """
        import csv, json, math, sys
        request = json.load(open(sys.argv[-1]))
        rows = [row for path in request["evaluationData"] for row in csv.DictReader(open(path, encoding="utf-8"))]
        limit = int(request["parameters"].get("Rows", len(rows)))
        with open(request["predictionsPath"], "w") as out:
            out.write(",".join(request["predictionColumns"]) + "\n")
            for row in rows[:limit]:
                out.write(f"{1 / (1 + math.exp(0.08 * float(row['tenure_months']) - 1)):.6f}\n")
        print(f"predicted {min(limit, len(rows))} of {len(rows)} rows for classes {request['classes']}")
        """;

    [Fact]
    public void A_trainer_that_writes_only_predictions_is_evaluated_and_gated_but_not_packed()
    {
        using var project = new ModelProject().WithChurnProject("<Trainer>External</Trainer><TrainerCommand>python3 predict.py</TrainerCommand>",
            """<ModelGate Include="auc" Minimum="0.6" />""");
        File.WriteAllText(Path.Combine(project.Directory, "predict.py"), PredictingTrainer);

        var result = project.Build();

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("Churn: [trainer] predicted 4000 of 4000 rows for classes ['false', 'true']", result.Output);
        Assert.Contains("TrainerCommand wrote predictions for the evaluation rows, not a model", result.Output);
        Assert.Contains("1 of 1 gates passed", result.Output);
        var predictions = Path.Combine(project.OutputDirectory, "Churn.predictions.csv");
        Assert.Equal(4001, File.ReadAllLines(predictions).Length);
        Assert.Contains("\"auc\"", File.ReadAllText(project.MetricsPath));
        Assert.Contains("no scorer", Assert.Throws<InvalidDataException>(() => MLOps.Runtime.Model.Load(project.ModelPath)).Message);

        Assert.False(project.Build().Trained);
        File.Delete(predictions);
        Assert.True(project.Build().Trained); // a lost predictions file is rebuilt, not reported as missing forever

        var pack = project.Dotnet("pack", project.ProjectPath);
        Assert.False(pack.Succeeded);
        Assert.Contains("error MLOPS4012", pack.Output);

        project.WithChurnProject("<Trainer>External</Trainer><TrainerCommand>python3 predict.py</TrainerCommand>", """<TrainerParameter Include="Rows" Value="10" />""");
        var partial = project.Build();
        Assert.False(partial.Succeeded);
        Assert.Contains("error MLOPS2011: The trainer wrote 10 predictions for 4,000 evaluation rows", partial.Output);
    }
}
