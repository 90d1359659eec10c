using System.Text.Json;
using MLOps.Engine.Monitoring;
using Xunit;

namespace MLOps.Engine.Tests;

/// <summary>The monitoring reports say what the run found, in Markdown, HTML (with its plots) and JSON.</summary>
public class MonitoringReportTests
{
    private static MonitorResult Shifted()
    {
        var reference = MonitoringScenario.Draw(3000, 51).Reference();
        var chunks = new[]
        {
            MonitoringScenario.Draw(2000, 52).Current(reference, labelled: true, label: "2026-11-29"),
            MonitoringScenario.Draw(2000, 53, shift: [0, 0, 0, 0.9]).Current(reference, labelled: true, label: "2026-11-30"),
        };
        return MonitorRun.Run(reference, chunks, new MonitorSettings { Resamples = 100 });
    }

    [Fact]
    public void Markdown_leads_with_the_verdict_and_names_the_drifted_column()
    {
        var markdown = MonitorMarkdown.Render(Shifted());

        Assert.StartsWith("# Monitoring Synthetic\n\n**Drift: x3**", markdown);
        Assert.Contains("| x3 | Kolmogorov-Smirnov |", markdown);
        Assert.Contains("no concept drift", markdown);
        Assert.Contains("## Performance on labelled rows", markdown);
        Assert.Contains("| 2026-11-30 | 2,000 |", markdown);
    }

    [Fact]
    public void Html_is_one_file_with_the_three_plots()
    {
        var html = MonitorHtml.Render(Shifted());

        Assert.Contains("<h2>Drift per feature</h2><p>", html);
        Assert.Contains("<h2>Scores, reference vs current</h2><svg", html);
        Assert.Contains("<h2>Performance over chunks</h2><svg", html);
        Assert.Contains("<td>x3</td>", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void Json_has_the_verdict_as_a_word_and_every_check()
    {
        var result = Shifted();
        using var json = JsonDocument.Parse(MonitorJson.Render(result));

        Assert.Equal("drift", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(result.Drift.Count, json.RootElement.GetProperty("drift").GetArrayLength());
        Assert.Equal(2, json.RootElement.GetProperty("chunks").GetArrayLength());
        Assert.Equal("auc", json.RootElement.GetProperty("estimate").GetProperty("metrics")[0].GetProperty("metric").GetString());
    }
}
