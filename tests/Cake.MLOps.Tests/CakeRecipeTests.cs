using MLOps.Build.Tests;
using Xunit;

namespace Cake.MLOps.Tests;

/// <summary>The mlops.cake recipe, loaded from the packed package, over a solution's model projects.</summary>
public sealed class CakeRecipeTests
{
    [Fact]
    public void Models_Gate_gates_every_model_of_the_solution_and_ends_with_a_table_of_verdicts()
    {
        using var root = CakeScript.Project();
        WriteModel(root, "Retention", minimumAuc: "0.7");
        WriteModel(root, "Upsell", minimumAuc: "0.99");
        WriteModel(root, "Stray", minimumAuc: "0.99"); // not in the solution: not built
        var solution = root.Dotnet("new", "sln", "--format", "sln", "-n", "Models", "-o", root.Directory);
        var added = root.Dotnet("sln", "Models.sln", "add", Path.Combine("Retention", "Retention.mlproj"), Path.Combine("Upsell", "Upsell.mlproj"));
        Assert.True(solution.Succeeded && added.Succeeded, solution.ToString() + added);

        var result = CakeScript.Run(root, $$"""
            #load nuget:?package=Cake.MLOps&version={{Repository.Version}}
            RunTarget(Argument("target", "Models-Gate"));
            """, "--configuration=Debug", "--max-parallel=2", "--solution=Models.sln");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Matches(@"Model\s+Verdict\s+Up to date\s+Why", result.Output);
        Assert.Matches(@"Retention\s+Passed\s+no\s+it had not been built yet", result.Output);
        Assert.Matches(@"Upsell\s+Failed\s+no\s+Gate 'auc Minimum=0.99' failed", result.Output);
        Assert.Contains("Models-Gate: Upsell failed.", result.Output);
        Assert.DoesNotContain("Stray", result.Output);
        Assert.True(File.Exists(Path.Combine(root.Directory, "Retention", "bin", "Debug", "net8.0", "Retention.model.json")), "--configuration maps onto the builds");
    }

    private static void WriteModel(ModelProject root, string name, string minimumAuc)
    {
        Directory.CreateDirectory(Path.Combine(root.Directory, name));
        File.WriteAllText(Path.Combine(root.Directory, name, name + ".mlproj"), $"""
            <Project Sdk="MLOps.Build.Sdk">
              <PropertyGroup><LabelColumn>churned</LabelColumn></PropertyGroup>
              <ItemGroup>
                <TrainingData Include="../data/train.csv" />
                <EvaluationData Include="../data/test.csv" />
                <ExcludeColumn Include="customer_id" />
                <ModelGate Include="auc" Minimum="{minimumAuc}" />
              </ItemGroup>
            </Project>
            """);
    }
}
