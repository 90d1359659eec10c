using Xunit;

namespace MLOps.Build.Tests;

/// <summary>`dotnet build` of a model project that trains gradient-boosted trees.</summary>
public class TreesBuildTests
{
    [Fact]
    public void A_tree_model_builds_scores_and_gates_and_its_parameters_are_checked()
    {
        using var project = new ModelProject().WithChurnProject("<Trainer>GradientBoostedTrees</Trainer>",
            """<TrainerParameter Include="Trees" Value="50" /><ModelGate Include="auc" Minimum="0.80" />""");

        var result = project.Build();

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("trained GradientBoostedTrees on 8,000 rows", result.Output);
        Assert.Contains("(50 trees)", result.Output);
        Assert.Contains("\"kind\": \"trees\"", File.ReadAllText(project.ModelPath));

        project.WithChurnProject("<Trainer>GradientBoostedTrees</Trainer>", """<TrainerParameter Include="Leafs" Value="50" />""");
        var wrong = project.Build();
        Assert.False(wrong.Succeeded);
        Assert.Contains("error MLOPS2004: Trainer 'GradientBoostedTrees' has no parameter 'Leafs'. Did you mean 'Leaves'?", wrong.Output);
    }

    [Fact]
    public void Trees_on_thirty_rows_with_the_default_leaf_size_predict_a_constant_and_say_what_to_change()
    {
        using var project = new ModelProject().WithChurnProject("<Trainer>GradientBoostedTrees</Trainer>");
        File.WriteAllLines(project.DataPath("train.csv"), File.ReadLines(project.DataPath("train.csv")).Take(31).ToArray());

        var result = project.Build();

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("warning MLOPS2015: The trained model predicts the same value for every row: none of its 100 trees has a split, because its 30 training rows are fewer than a split needs, 2 × MinLeafRows (20). Lower MinLeafRows (<TrainerParameter Include=\"MinLeafRows\" Value=\"3\" />)", result.Output);

        project.WithChurnProject("<Trainer>GradientBoostedTrees</Trainer>", """<TrainerParameter Include="MinLeafRows" Value="3" />""");
        var lower = project.Build();
        Assert.True(lower.Succeeded, lower.Output);
        Assert.DoesNotContain("MLOPS2015", lower.Output);
    }

    [Fact]
    public void A_multiclass_model_builds_gates_and_scores_every_class()
    {
        using var project = new ModelProject(copyData: false).WithProject("""
              <PropertyGroup>
                <ModelTask>MulticlassClassification</ModelTask>
                <Trainer>GradientBoostedTrees</Trainer>
                <LabelColumn>species</LabelColumn>
              </PropertyGroup>
              <ItemGroup>
                <TrainingData Include="data/iris.csv" />
                <ModelGate Include="accuracy" Minimum="0.8" />
                <ModelGate Include="macro_f1" Minimum="0.8" />
              </ItemGroup>
            """);
        File.Copy(Path.Combine(Repository.Root, "tests", "fixtures", "iris.csv"), project.DataPath("iris.csv"));

        var result = project.Build();

        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("2 of 2 gates passed", result.Output);
        Assert.Contains("macro_auc_ovr", File.ReadAllText(project.MetricsPath));
        var model = MLOps.Runtime.Model.Load(project.ModelPath);
        Span<double> probabilities = stackalloc double[3];
        model.ScoreClasses(model.CreateRow().Set("petal_length_cm", 1.4).Set("petal_width_cm", 0.2).Set("sepal_length_cm", 5.1).Set("sepal_width_cm", 3.5), probabilities);
        var best = 0;
        for (var k = 1; k < probabilities.Length; k++) if (probabilities[k] > probabilities[best]) best = k;
        Assert.Equal("setosa", model.Document.Label.Classes[best]);
    }
}
