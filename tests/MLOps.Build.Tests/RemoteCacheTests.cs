using Xunit;

namespace MLOps.Build.Tests;

/// <summary>ModelCacheSource: a clean clone restores a model any earlier build published from the same inputs, instead of training it.</summary>
public class RemoteCacheTests
{
    private static readonly string Id = "Contoso.Models.Cached" + Guid.NewGuid().ToString("N")[..8]; // a fresh id: versions are cached by id

    private static ModelProject Clone(string properties) =>
        new ModelProject().WithChurnProject($"<PackageId>{Id}</PackageId><Version>1.0.0</Version>{properties}", "");

    private static string ModelOf(ModelProject project) => Path.Combine(project.OutputDirectory, "Churn.model.json");

    [Fact]
    public void A_clean_clone_restores_the_published_model_and_a_changed_data_byte_trains()
    {
        using var feed = new LoopbackFeed("push-key");
        using var first = Clone($"<ModelPublishSource>{feed.ServiceIndex}</ModelPublishSource>");
        first.Environment["NUGET_API_KEY"] = "push-key";
        var published = first.Build("-t:PublishModel");
        Assert.True(published.Succeeded, published.Output);
        Assert.True(published.Trained, published.Output);

        using var second = Clone($"<ModelCacheSource>{feed.ServiceIndex}</ModelCacheSource>");
        var restored = second.Build();
        Assert.True(restored.Succeeded, restored.Output);
        Assert.False(restored.Trained, restored.Output);
        Assert.Contains($"Churn: restored from the model cache, not trained: {Id} 1.0.0 on {feed.ServiceIndex} has this training fingerprint", restored.Output);
        Assert.Equal(File.ReadAllBytes(ModelOf(first)), File.ReadAllBytes(ModelOf(second)));
        // Only the .nuspec of each version is read to find it; the package itself is downloaded once.
        lock (feed.Requests) Assert.Single(feed.Requests, r => r.StartsWith("GET ", StringComparison.Ordinal) && r.Contains(".nupkg", StringComparison.Ordinal));

        var again = second.Build();
        Assert.True(again.Succeeded, again.Output);
        Assert.Contains("Churn: model is up to date", again.Output);

        using var third = Clone($"<ModelCacheSource>{feed.ServiceIndex}</ModelCacheSource>");
        third.EditData("train.csv", "C01000000,34,", "C01000000,35,");
        var changed = third.Build();
        Assert.True(changed.Succeeded, changed.Output);
        Assert.True(changed.Trained, changed.Output);
        Assert.DoesNotContain("restored from the model cache", changed.Output);
    }

    [Fact]
    public void A_cache_feed_that_is_down_is_a_warning_and_the_model_is_trained()
    {
        using var project = Clone("<ModelCacheSource>http://127.0.0.1:9/v3/index.json</ModelCacheSource>");
        var result = project.Build();
        Assert.True(result.Succeeded, result.Output);
        Assert.Contains("warning MLOPS4035: The model cache http://127.0.0.1:9/v3/index.json could not be read, so the model is trained here", result.Output);
        Assert.True(result.Trained, result.Output);
    }
}
