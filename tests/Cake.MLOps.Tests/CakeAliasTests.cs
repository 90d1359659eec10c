using MLOps.Build.Tests;
using Xunit;

namespace Cake.MLOps.Tests;

/// <summary>The aliases in real Cake scripts: what a user sees in Cake's log and the results the script gets.</summary>
public sealed class CakeAliasTests
{
    private static string BuildScript(string settings = "", string after = "") => $$"""
        {{CakeScript.Addin}}
        Task("Gate").Does(ctx => {
            var result = ctx.MLOpsBuildModel("Churn.mlproj", new MLOpsBuildSettings { {{settings}} });
            Information($"RESULT {result.ModelName}: {result.Verdict}, auc {result.Metrics["auc"]:F4}, up to date {result.UpToDate} ({result.UpToDateReason}), {result.Gate?.Gates.Count ?? 0} gates, model {System.IO.File.Exists(result.ModelPath.FullPath)}");
            {{after}}
        });
        RunTarget("Gate");
        """;

    [Fact]
    public void A_passing_model_gives_its_verdict_and_metrics_and_a_second_run_is_up_to_date()
    {
        using var project = CakeScript.Project().WithChurnProject(extraItems: """<ModelGate Include="auc" Minimum="0.7" />""");

        var first = CakeScript.Run(project, BuildScript("Configuration = \"Release\""));
        Assert.True(first.Succeeded, first.ToString());
        Assert.Matches(@"RESULT Churn: Passed, auc 0\.8\d{3}, up to date False \(it had not been built yet\), 1 gates, model True", first.Output);
        Assert.True(File.Exists(Path.Combine(project.Directory, "bin", "Release", "net8.0", "Churn.model.json")), "Configuration maps onto the build");

        var second = CakeScript.Run(project, BuildScript("Configuration = \"Release\""));
        Assert.True(second.Succeeded, second.ToString());
        Assert.Contains("up to date True (its inputs are unchanged)", second.Output);
        Assert.False(second.Trained, second.ToString());

        project.EditData("train.csv", "C01000000,34,", "C01000000,35,");
        var third = CakeScript.Run(project, BuildScript("Configuration = \"Release\""));
        Assert.Contains("up to date False (data/train.csv changed (SHA-256 ", third.Output);
    }

    [Fact]
    public void A_Cake_target_trains_an_ML_NET_FastTree_model_through_the_MLNet_package()
    {
        // The aliases run dotnet build, which loads the ModelTrainerAssembly the package's props name, as the IDE does.
        using var project = CakeScript.Project().WithChurnProject("<Trainer>MLNet.FastTree</Trainer>",
            $"""<PackageReference Include="MLOps.Build.MLNet" Version="{Repository.Version}" /><ModelGate Include="auc" Minimum="0.7" />""");

        var result = CakeScript.Run(project, BuildScript());

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("Churn: trained MLNet.FastTree (ML.NET) on ", result.Output);
        Assert.Matches(@"RESULT Churn: Passed, auc 0\.\d{4}, up to date False \(it had not been built yet\), 1 gates, model True", result.Output);
    }

    [Fact]
    public void A_failed_gate_fails_the_script_with_the_gate_reason()
    {
        using var project = CakeScript.Project().WithChurnProject(extraItems: """<ModelGate Include="auc" Minimum="0.99" />""");

        var result = CakeScript.Run(project, BuildScript());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Churn: Gate 'auc Minimum=0.99' failed:", result.Output);
        Assert.Contains("error MLOPS3101", result.Output);
        Assert.DoesNotContain("RESULT", result.Output);
    }

    [Fact]
    public void With_ThrowOnGateFailure_false_the_result_carries_the_failed_verdict()
    {
        using var project = CakeScript.Project().WithChurnProject(extraItems: """<ModelGate Include="auc" Minimum="0.99" />""");

        var result = CakeScript.Run(project, BuildScript("ThrowOnGateFailure = false", """Information($"REASON {result.GateFailureReason}");"""));

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("RESULT Churn: Failed,", result.Output);
        Assert.Contains("REASON Gate 'auc Minimum=0.99' failed:", result.Output);
    }

    [Fact]
    public void A_missing_project_is_a_clear_error()
    {
        using var project = CakeScript.Project();

        var result = CakeScript.Run(project, $$"""
            {{CakeScript.Addin}}
            Task("Gate").Does(ctx => ctx.MLOpsBuildModel("Missing.mlproj"));
            RunTarget("Gate");
            """);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"The model project {Path.Combine(project.Directory, "Missing.mlproj")} does not exist.", result.Output);
    }

    [Fact]
    public void An_unknown_trainer_fails_with_the_engine_diagnostic()
    {
        using var project = CakeScript.Project().WithChurnProject();

        var result = CakeScript.Run(project, BuildScript("Trainer = \"DeepForest\""));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Matches(@"Churn: .*error MLOPS2002: Trainer 'DeepForest' is not a trainer", result.Output);
        Assert.DoesNotContain("   at ", result.Output); // no stack trace
    }

    [Fact]
    public void Validate_evaluate_pack_and_verify_run_their_steps()
    {
        using var project = CakeScript.Project().WithChurnProject();

        var result = CakeScript.Run(project, $$"""
            {{CakeScript.Addin}}
            Task("Steps").Does(ctx => {
                var validated = ctx.MLOpsValidateData("Churn.mlproj");
                Information($"VALIDATED {validated.ModelName} {validated.Verdict} model {System.IO.File.Exists(validated.ModelPath.FullPath)}");
                var evaluated = ctx.MLOpsEvaluateModel("Churn.mlproj");
                Information($"EVALUATED {evaluated.Verdict} rows {evaluated.Evaluation.Rows}");
                var packed = ctx.MLOpsPackModel("Churn.mlproj", new MLOpsPackSettings().SetVersion("1.2.3").SetPackageOutputPath("packages"));
                Information($"PACKED {packed.PackagePath.GetFilename()} {System.IO.File.Exists(packed.PackagePath.FullPath)}");
                var verified = ctx.MLOpsVerifyPackage(packed.PackagePath);
                Information($"VERIFIED {verified.Lineage.Version} {verified.FilesChecked > 0}");
            });
            RunTarget("Steps");
            """);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("VALIDATED Churn NotGated model False", result.Output);
        Assert.Contains("EVALUATED NotGated rows 4000", result.Output);
        Assert.Contains("PACKED Churn.1.2.3.nupkg True", result.Output);
        Assert.True(File.Exists(Path.Combine(project.Directory, "packages", "Churn.1.2.3.nupkg")), "fluent settings, a path relative to Cake's working directory");
        Assert.Contains("VERIFIED 1.2.3 True", result.Output);
    }

    [Fact]
    public void Publish_pushes_the_package_to_PublishSource()
    {
        using var project = CakeScript.Project().WithChurnProject("<PackageId>Contoso.Models.Churn</PackageId>");
        var feed = Path.Combine(project.Directory, "feed");

        var result = CakeScript.Run(project, $$"""
            {{CakeScript.Addin}}
            Task("Publish").Does(ctx => {
                var published = ctx.MLOpsPublishModel("Churn.mlproj", new MLOpsPublishSettings { Version = "2.0.0", PublishSource = "{{feed}}" });
                Information($"PUBLISHED {published.PackagePath.GetFilename()}");
            });
            RunTarget("Publish");
            """);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Contains("PUBLISHED Contoso.Models.Churn.2.0.0.nupkg", result.Output);
        Assert.True(File.Exists(Path.Combine(feed, "contoso.models.churn", "2.0.0", "contoso.models.churn.2.0.0.nupkg")));
    }
}
