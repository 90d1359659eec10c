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
}
