using System.Globalization;
using System.Text.Json;
using MLOps.Runtime;
using Xunit;

namespace MLOps.Build.Tests;

/// <summary>
/// The feed as the model registry: three versions published to a folder feed and to a loopback v3 feed that wants
/// credentials, then <c>mlops history</c>, <c>promote</c> (and a gate against the channel), <c>pull</c> and <c>score</c>.
/// </summary>
public class RegistryTests
{
    private static readonly string Id = "Contoso.Models.Registry" + Guid.NewGuid().ToString("N")[..8]; // a fresh id: versions are cached by id
    private const string ApiKey = "oy2-registry-push-key";
    private const string Credentials = """

          <packageSourceCredentials>
            <models><add key="Username" value="reader" /><add key="ClearTextPassword" value="s3cret-password" /></models>
          </packageSourceCredentials>
        """;

    private static ModelProject Version(string version, string properties = "", string items = "") =>
        new ModelProject().WithChurnProject($"<PackageId>{Id}</PackageId><Version>{version}</Version>{properties}",
            """<ModelGate Include="auc" MaxDecrease="0.01" />""" + items);

    private static string BaselineOf(ModelProject project) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(project.OutputDirectory, "Churn.gate.json"))).RootElement.GetProperty("baselineModel").GetString()!;

    private static void Publish(ModelProject project, string source)
    {
        var published = project.Build("-t:PublishModel", $"-p:ModelPublishSource={source}");
        Assert.True(published.Succeeded, published.Output);
    }

    [Fact]
    public void Three_published_versions_have_a_history_a_promoted_channel_gates_pulls_and_scores_from_a_folder_and_an_authenticated_http_feed()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlops-e2e-feeds", Guid.NewGuid().ToString("N")[..12]);
        using var http = new LoopbackFeed(ApiKey, "reader", "s3cret-password");
        using var first = Version("1.0.0");
        using var second = Version("1.1.0", items: """<TrainerParameter Include="L2" Value="10" />""");
        using var third = Version("1.2.0", items: """<TrainerParameter Include="L2" Value="100" />""");
        foreach (var project in new[] { first, second, third })
        {
            ModelProject.WriteNuGetConfig(project.Directory, Credentials, ("models", http.ServiceIndex, "Contoso.*"));
            project.Environment["NUGET_API_KEY"] = ApiKey;
            Publish(project, folder);
            Publish(project, "models");
        }
        Assert.Equal(3, http.Packages.Count);

        foreach (var source in new[] { folder, "models" })
        {
            // history: every version, oldest first, with its evidence and why its number moved.
            var history = MlopsTool.Run(first.Directory, "history", Id, "--source", source, "--json");
            Assert.True(history.Succeeded, history.ToString());
            var versions = JsonDocument.Parse(history.StandardOutput).RootElement.GetProperty("versions").EnumerateArray().ToArray();
            Assert.Equal(["1.0.0", "1.1.0", "1.2.0"], versions.Select(v => v.GetProperty("version").GetString()));
            Assert.Equal("first version", versions[0].GetProperty("semVerReason").GetString());
            Assert.Contains("minor: no breaking change to the inputs; changed: parameter L2", versions[1].GetProperty("semVerReason").GetString());
            Assert.All(versions, v => Assert.Equal("passed", v.GetProperty("verdict").GetString()));
            Assert.All(versions, v => Assert.Equal(64, v.GetProperty("dataSha256").GetString()!.Length));
            Assert.All(versions, v => Assert.InRange(v.GetProperty("metrics").GetProperty("auc").GetDouble(), 0.5, 1));

            var table = MlopsTool.Run(first.Directory, "history", Id, "--source", source, "--metric", "auc");
            Assert.True(table.Succeeded, table.ToString());
            Assert.Matches("auc: [▁▂▃▄▅▆▇█]{3}", table.StandardOutput);
            Assert.Contains("1.2.0", table.StandardOutput);
        }

        // promote: a moving alias; the gate of the next version resolves production to the promoted version, not the newest.
        foreach (var source in new[] { folder, "models" })
        {
            var promoted = MlopsTool.Run(first.Directory, new Dictionary<string, string> { ["NUGET_API_KEY"] = ApiKey },
                "promote", Id, "1.0.0", "--to", "production", "--reason", "won the A/B test", "--by", "release-manager", "--source", source);
            Assert.True(promoted.Succeeded, promoted.ToString());
            Assert.Contains($"Promoted {Id} 1.0.0 to production", promoted.StandardOutput);
        }
        Assert.Contains(http.Packages.Keys, k => k.StartsWith($"{Id}.Channels.production", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(ApiKey, string.Join('\n', http.Requests));

        using var candidate = Version("1.3.0", $"<BaselinePackageId>{Id}</BaselinePackageId><BaselineVersion>production</BaselineVersion><BaselineSource>{folder}</BaselineSource>");
        var gated = candidate.Build();
        Assert.True(gated.Succeeded, gated.Output);
        Assert.Equal($"{Id} 1.0.0", BaselineOf(candidate));

        var again = MlopsTool.Run(first.Directory, "promote", Id, "1.1.0", "--to", "production", "--reason", "retrained", "--source", folder);
        Assert.True(again.Succeeded, again.ToString());
        Assert.True(candidate.Build("-t:Rebuild").Succeeded);
        Assert.Equal($"{Id} 1.1.0", BaselineOf(candidate));

        // pull: downloaded, verified and extracted; the channel is a version too.
        var pulledTo = Path.Combine(first.Directory, "pulled");
        var pulled = MlopsTool.Run(first.Directory, "pull", Id, "production", "--source", "models", "-o", pulledTo);
        Assert.True(pulled.Succeeded, pulled.ToString());
        Assert.Contains($"Pulled {Id} 1.0.0 (verified", pulled.StandardOutput);
        Assert.Equal(File.ReadAllBytes(first.ModelPath), File.ReadAllBytes(Path.Combine(pulledTo, "models", "Churn.model.json")));

        // diff: the same model is not significantly worse (exit 0); a model without its strongest inputs is (exit 4).
        var same = MlopsTool.Run(first.Directory, "diff", $"{Id}@production", pulledTo, "--source", "models"); // evaluated on data/test.csv, as B's lineage names it
        Assert.Equal(0, same.ExitCode);
        Assert.Contains($"{Id} 1.0.0 is not significantly worse than {Id} 1.0.0.", same.StandardOutput);
        using var worse = Version("2.0.0", items: """<ExcludeColumn Include="tenure_months;contract;monthly_charges;total_charges" />""");
        Publish(worse, folder);
        var diff = MlopsTool.Run(first.Directory, "diff", $"{Id}@1.0.0", $"{Id}@2.0.0", "--source", folder, "--data", first.DataPath("test.csv"), "--json");
        Assert.Equal(4, diff.ExitCode);
        var result = JsonDocument.Parse(diff.StandardOutput).RootElement;
        Assert.True(result.GetProperty("significantlyWorse").GetBoolean());
        var auc = result.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("metric").GetString() == "auc");
        Assert.Equal("Failed", auc.GetProperty("outcome").GetString());
        Assert.StartsWith("DeLong", auc.GetProperty("test").GetString());
        Assert.Contains(result.GetProperty("breakingChanges").EnumerateArray(), c => c.GetString()!.Contains("tenure_months"));
        var shown = MlopsTool.Run(first.Directory, "diff", $"{Id}@1.0.0", $"{Id}@2.0.0", "--source", folder, "--data", first.DataPath("test.csv"));
        Assert.Equal(4, shown.ExitCode);
        Assert.Contains($"{Id} 2.0.0 is significantly worse than {Id} 1.0.0 on auc", shown.StandardOutput);

        // score: the package from the feed scores every row as Model.Score does.
        var predictions = Path.Combine(first.Directory, "predictions.csv");
        var scored = MlopsTool.Run(first.Directory, "score", Id, first.DataPath("test.csv"), "--source", "models", "--version", "1.1.0", "-o", predictions);
        Assert.True(scored.Succeeded, scored.ToString());
        Assert.Matches(@"Scored 4000 rows in [0-9.]+ s \([0-9]+ rows/s\)", scored.Output);
        Assert.Equal(ScoresOf(second.ModelPath, first.DataPath("test.csv")), File.ReadLines(predictions).Skip(1).Select(l => double.Parse(l, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Score_checks_the_data_against_the_models_contract_and_leaves_no_predictions_file()
    {
        using var project = Version("1.0.0");
        Assert.True(project.Build().Succeeded);
        project.EditData("test.csv", "C02000002,7,", "C02000002,seven,");
        var predictions = Path.Combine(project.Directory, "predictions.csv");
        var bad = MlopsTool.Run(project.Directory, "score", project.ModelPath, "data/test.csv", "-o", predictions);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("data/test.csv(4,11): error MLOPS4052: 'seven' in column 'tenure_months' is not a number", bad.Output);
        Assert.False(File.Exists(predictions));

        File.WriteAllText(project.DataPath("few.csv"), "tenure_months,contract\n3,one-year\n");
        var missing = MlopsTool.Run(project.Directory, "score", project.ModelPath, "data/few.csv");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("error MLOPS4052: The model's input 'monthly_charges' (number) is not a column of the data.", missing.Output);
    }

    /// <summary>What an app gets from MLOps.Runtime for each row of a simple CSV file (no quoted fields).</summary>
    private static IEnumerable<double> ScoresOf(string modelPath, string csv)
    {
        var model = Model.Load(modelPath);
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        var row = model.CreateRow();
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            foreach (var input in model.Inputs)
            {
                var value = fields[Array.IndexOf(header, input.Name)];
                if (value.Length == 0) row.SetMissing(input.Name);
                else if (input.Type == "number") row.Set(input.Name, double.Parse(value, CultureInfo.InvariantCulture));
                else if (input.Type == "boolean") row.Set(input.Name, value == "true");
                else row.Set(input.Name, value);
            }
            yield return model.Score(row);
        }
    }
}
