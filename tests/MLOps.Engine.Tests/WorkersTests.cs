using MLOps.Engine.Learners.Trees;
using Xunit;

namespace MLOps.Engine.Tests;

public class WorkersTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Every_index_of_every_loop_runs_once(int threads)
    {
        using var workers = new Workers(threads);
        for (var loop = 0; loop < 2_000; loop++)
        {
            var runs = new int[loop % 37];
            workers.For(0, runs.Length, i => Interlocked.Increment(ref runs[i]));
            Assert.All(runs, count => Assert.Equal(1, count));
            if (loop % 500 == 0) Thread.Sleep(5); // helpers fall asleep and must wake for the next loop
        }
    }

    [Fact]
    public void Dispose_ends_the_helper_threads_awake_or_asleep()
    {
        var awake = new Workers(2);
        awake.For(0, 10, _ => { });
        var asleep = new Workers(2);
        asleep.For(0, 10, _ => { });
        Thread.Sleep(50); // past the helpers' spinning: they wait on the semaphore

        awake.Dispose();
        asleep.Dispose();

        Assert.False(awake.AnyHelperAlive);
        Assert.False(asleep.AnyHelperAlive);
    }

    [Fact]
    public void A_failing_body_fails_the_loop_after_the_other_indices_ran()
    {
        using var workers = new Workers(2);
        var ran = 0;
        var failure = Assert.Throws<InvalidOperationException>(() => workers.For(0, 100, i =>
        {
            Interlocked.Increment(ref ran);
            if (i == 42) throw new InvalidOperationException("index 42");
        }));
        Assert.Equal("index 42", failure.Message);
        Assert.Equal(100, ran);
        var after = 0;
        workers.For(0, 10, _ => Interlocked.Increment(ref after)); // still usable
        Assert.Equal(10, after);
    }
}
