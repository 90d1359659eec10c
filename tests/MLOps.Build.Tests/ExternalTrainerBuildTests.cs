using Xunit;

namespace MLOps.Build.Tests;

/// <summary>Trainer=External: a team's own trainer (here a small Python program written for the test) and every other stage of MLOps.Build.</summary>
public class ExternalTrainerBuildTests
{
    // Reads the request, predicts the training data's positive rate for everyone: a model in the MLOps format with no inputs.
    private const string Trainer = """
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
        File.WriteAllText(Path.Combine(project.Directory, "broken.py"), "import sys\nprint('cannot find the GPU', file=sys.stderr)\nsys.exit(3)\n");
        var failed = project.Build();
        Assert.False(failed.Succeeded);
        Assert.Contains("error MLOPS2010: TrainerCommand 'python3 broken.py' exited with code 3. Its last error output: cannot find the GPU", failed.Output);

        project.WithChurnProject("<Trainer>External</Trainer>");
        var unset = project.Build();
        Assert.False(unset.Succeeded);
        Assert.Contains("error MLOPS2009", unset.Output);
    }
}
