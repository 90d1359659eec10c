// Builds and gates samples/Churn with the Cake.MLOps addin this repository builds (dogfooding); build.cake's Sample
// target runs it after Pack. #r takes no arguments, so it loads the Release build of the addin.
#r "../src/Cake.MLOps/bin/Release/net10.0/Cake.MLOps.dll"

var configuration = Argument("configuration", "Release");

Task("Sample")
    .Does(ctx =>
{
    var result = ctx.MLOpsBuildModel("../samples/Churn/Churn.mlproj", new MLOpsBuildSettings { Configuration = configuration });
    Information("{0}: {1}, {2} gates, auc {3:F4}{4}", result.ModelName, result.Verdict, result.Gate?.Gates.Count ?? 0, result.Metrics["auc"],
        result.UpToDate ? " (up to date: " + result.UpToDateReason + ")" : "");
    Information("The sample's model, metrics and report are in {0}", MakeAbsolute(Directory("..")).GetRelativePath(result.ModelPath.GetDirectory()));
});

RunTarget("Sample");
