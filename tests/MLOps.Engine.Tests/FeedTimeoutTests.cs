using MLOps.Engine.Diagnostics;
using MLOps.Engine.Packages.Feeds;
using Xunit;

namespace MLOps.Engine.Tests;

public class FeedTimeoutTests
{
    [Theory]
    [InlineData("", 60)]
    [InlineData("30", 30)]
    [InlineData("2.5", 2.5)]
    [InlineData("00:00:05", 5)]
    [InlineData(" 00:02:00 ", 120)]
    public void ModelFeedTimeout_takes_a_TimeSpan_or_seconds(string text, double seconds)
    {
        var diagnostics = new DiagnosticBag();
        Assert.Equal(TimeSpan.FromSeconds(seconds), FeedTimeout.Parse(text, "M.mlproj", diagnostics));
        Assert.False(diagnostics.HasErrors);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("00:00:00")]
    [InlineData("2.00:00:00")]
    [InlineData("NaN")]
    public void An_invalid_ModelFeedTimeout_is_a_coded_error_at_the_project(string text)
    {
        var diagnostics = new DiagnosticBag();
        Assert.Null(FeedTimeout.Parse(text, "M.mlproj", diagnostics));
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal(DiagnosticCodes.InvalidFeedTimeout, error.Code);
        Assert.Equal("M.mlproj", error.File);
    }
}
