using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.IO;
using MLOps.Engine.Registry;
using MLOps.Runtime;

namespace MLOps.Cli;

/// <summary><c>mlops score</c>: batch scoring of a CSV file with a model file, a .nupkg, or a package on a feed.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model file (.model.json), a model package (.nupkg), or a package id with --source." };
        var data = new Argument<string>("data") { Description = "The CSV file to score: its header must name every input of the model." };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the predictions (CSV, one line per row; default: standard output)." };
        var source = new Option<string?>("--source", "-s") { Description = "The feed to take the package from, when <model> is a package id." };
        var version = new Option<string?>("--version") { Description = "With --source: the version or channel (default: the newest stable version)." };
        var json = RegistryOptions.Json();
        var command = new Command("score", """
            Scores a CSV file with a model through MLOps.Runtime, reading and writing row by row: binary classification
            writes the positive class's probability, regression the prediction, multiclass the predicted class and each
            class's probability. Each input is checked against the model's contract (every input column present, each
            value of its type); a package is verified against its lineage first. The rate (rows/s) goes to standard error.
            Exit code 0: scored; 1: the data breaks the contract, or no model could be read (no predictions file is left).
            Example: mlops score Contoso.Models.Churn.1.2.0.nupkg customers.csv -o predictions.csv
            """) { model, data, output, source, version, json };
        command.SetAction(async (parse, cancel) =>
        {
            var diagnostics = new DiagnosticBag(int.MaxValue);
            var loaded = await Load(parse.GetValue(model)!, parse.GetValue(source), parse.GetValue(version), diagnostics, cancel);
            if (loaded is null) return Output.Report(diagnostics);
            var file = Output.Files([parse.GetValue(data)!])[0];
            var stopwatch = Stopwatch.StartNew();
            long? rows;
            if (parse.GetValue(output) is { } path)
            {
                var full = Path.GetFullPath(path);
                var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
                try
                {
                    using (var writer = new StreamWriter(temporary)) rows = BatchScoring.Score(loaded, file, writer, diagnostics, cancel);
                    if (rows is not null) File.Move(temporary, full, overwrite: true);
                }
                finally
                {
                    File.Delete(temporary); // an error or Ctrl+C: no partial predictions, the previous file is kept
                }
            }
            else
            {
                rows = BatchScoring.Score(loaded, file, Console.Out, diagnostics, cancel);
            }
            var seconds = stopwatch.Elapsed.TotalSeconds;
            if (rows is { } scored)
            {
                var rate = scored / Math.Max(seconds, 1e-9);
                if (parse.GetValue(json) && parse.GetValue(output) is not null)
                    RegistryOptions.WriteJson(new { rows = scored, seconds, rowsPerSecond = rate, output = Path.GetFullPath(parse.GetValue(output)!) });
                else
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Scored {scored} rows in {seconds:0.000} s ({rate:0} rows/s)."));
            }
            return Output.Report(diagnostics);
        });
        return command;
    }

    private static async Task<Model?> Load(string model, string? source, string? version, DiagnosticBag diagnostics, CancellationToken cancel)
    {
        if (source is not null)
        {
            if (RegistryOptions.Open(source, diagnostics) is not { } feed) return null;
            var published = await RegistryOptions.Feed($"Downloading {model} from {feed.Name}", async () =>
                await ModelPull.ResolveVersionAsync(feed, model, version, diagnostics, cancel) is { } resolved
                    ? await ModelPull.DownloadAsync(feed, model, resolved, diagnostics, cancel) : null, diagnostics);
            return published is null ? null : Loaded(published, model, diagnostics);
        }
        var path = Path.GetFullPath(model);
        if (!File.Exists(path))
        {
            diagnostics.Error(DiagnosticCodes.RegistryPackageNotFound, $"There is no file {model}. Pass a .model.json, a .nupkg, or a package id with --source.");
            return null;
        }
        if (path.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase))
            return ModelPull.Verified(File.ReadAllBytes(path), Path.GetFileName(path), diagnostics) is { } package ? Loaded(package, model, diagnostics) : null;
        try
        {
            var document = ModelFormat.FromBytes(File.ReadAllBytes(path), path);
            return ScoredByMLNet(document, model, diagnostics) ? null : new Model(document);
        }
        catch (InvalidDataException e)
        {
            diagnostics.Error(DiagnosticCodes.NotAModelPackage, $"{model} is not a model file: {e.Message}", model);
            return null;
        }
    }

    private static Model? Loaded(PublishedModel package, string name, DiagnosticBag diagnostics)
    {
        if (ScoredByMLNet(package.Model, name, diagnostics)) return null;
        if (package.LoadModel() is { } loaded) return loaded;
        diagnostics.Error(DiagnosticCodes.NotAModelPackage, $"{name} holds no readable models/*.model.json.", name);
        return null;
    }

    private static bool ScoredByMLNet(ModelDocument? model, string name, DiagnosticBag diagnostics)
    {
        if (!MLNetScoredModels.Is(model)) return false;
        MLNetScoredModels.Refuse(DiagnosticCodes.ScoreMLNetModel, model!, "mlops score scores rows with MLOps.Runtime only (the tool does not carry Microsoft.ML)",
            "Score it in an app with MLNetModel.Load from the package MLOps.Runtime.MLNet, which its model package depends on (docs/trainers.md, 'ML.NET models that are not converted').", diagnostics, name);
        return true;
    }
}
