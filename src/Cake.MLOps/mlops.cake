// The MLOps recipe (Cake.MLOps $CakeMLOpsVersion$): #load nuget:?package=Cake.MLOps&version=$CakeMLOpsVersion$
// Tasks Models-Validate, Models-Build, Models-Gate, Models-Pack, Models-Publish over every model project of
// --solution (default: every project under the working directory): .mlproj files and projects with TrainingData.
// Arguments: --configuration (Release), --baseline-source, --publish-source, --max-parallel (1). Ends with a table
// of every model's verdict and fails when any model failed.
// (No backslashes here: the build writes this file through MSBuild, which turns them into slashes.)
#addin nuget:?package=Cake.MLOps&version=$CakeMLOpsVersion$

var mlopsConfiguration = Argument("configuration", "Release");
var mlopsBaselineSource = Argument<string>("baseline-source", null);
var mlopsPublishSource = Argument<string>("publish-source", null);
var mlopsMaxParallel = Argument("max-parallel", 1);
var mlopsSolution = Argument<string>("solution", null);

IReadOnlyList<FilePath> MLOpsModelProjects()
{
    var candidates = mlopsSolution is null
        ? GetFiles("./**/*.mlproj").Concat(GetFiles("./**/*.csproj"))
        : ParseSolution(mlopsSolution).Projects.Select(p => p.Path).Where(p => FileExists(p));
    return candidates
        .Where(p => !p.FullPath.Contains("/bin/") && !p.FullPath.Contains("/obj/") && !p.FullPath.Contains("/tools/"))
        .Where(p => p.GetExtension() == ".mlproj" || System.IO.File.ReadAllText(p.FullPath).Contains("<TrainingData"))
        .OrderBy(p => p.FullPath, StringComparer.Ordinal).ToList();
}

T MLOpsRecipeSettings<T>(T settings) where T : MLOpsSettings
{
    settings.Configuration = mlopsConfiguration;
    settings.BaselineSource = mlopsBaselineSource;
    settings.ThrowOnGateFailure = false; // every model gets its row; the table's end fails the run
    return settings;
}

// Runs one step on every model, independent models in parallel, then prints the table and fails if any model failed.
void MLOpsRunModels(string step, Func<FilePath, MLOpsModelResult> run)
{
    var projects = MLOpsModelProjects();
    if (projects.Count == 0) throw new CakeException($"{step}: no model projects (.mlproj, or projects with TrainingData) found.");
    var rows = new (string Model, string Verdict, string UpToDate, string Note)[projects.Count];
    Parallel.For(0, projects.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, mlopsMaxParallel) }, i =>
    {
        try
        {
            var result = run(projects[i]);
            rows[i] = (result.ModelName, result.Verdict.ToString(), result.UpToDate ? "yes" : "no", result.GateFailureReason?.Split(Environment.NewLine)[0] ?? result.UpToDateReason);
        }
        catch (Exception e)
        {
            rows[i] = (projects[i].GetFilenameWithoutExtension().FullPath, "Error", "", (e.InnerException ?? e).Message.Split(Environment.NewLine)[0]);
        }
    });
    var width = Math.Max(5, rows.Max(r => r.Model.Length));
    Information("");
    Information("{0}  {1,-10}  {2,-10}  {3}", "Model".PadRight(width), "Verdict", "Up to date", "Why");
    foreach (var row in rows) Information("{0}  {1,-10}  {2,-10}  {3}", row.Model.PadRight(width), row.Verdict, row.UpToDate, row.Note);
    var failed = rows.Where(r => r.Verdict is "Failed" or "Error").Select(r => r.Model).ToArray();
    if (failed.Length > 0) throw new CakeException($"{step}: {string.Join(", ", failed)} failed.");
}

Task("Models-Validate").Does(ctx => MLOpsRunModels("Models-Validate", p => ctx.MLOpsValidateData(p, MLOpsRecipeSettings(new MLOpsValidateDataSettings()))));
Task("Models-Build").Does(ctx => MLOpsRunModels("Models-Build", p => ctx.MLOpsBuildModel(p, MLOpsRecipeSettings(new MLOpsBuildSettings()))));
Task("Models-Gate").Does(ctx => MLOpsRunModels("Models-Gate", p => ctx.MLOpsGateModel(p, MLOpsRecipeSettings(new MLOpsGateSettings()))));
Task("Models-Pack").Does(ctx => MLOpsRunModels("Models-Pack", p => ctx.MLOpsPackModel(p, MLOpsRecipeSettings(new MLOpsPackSettings()))));
Task("Models-Publish").Does(ctx => MLOpsRunModels("Models-Publish", p => ctx.MLOpsPublishModel(p, MLOpsRecipeSettings(new MLOpsPublishSettings { PublishSource = mlopsPublishSource }))));
