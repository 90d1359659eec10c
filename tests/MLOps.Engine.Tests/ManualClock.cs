namespace MLOps.Engine.Tests;

/// <summary>A clock that moves only when the test says, firing the timers that come due (in the caller's thread).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly List<Timer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by)
    {
        _now += by;
        foreach (var timer in _timers.ToArray()) timer.FireIfDue(_now);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state, _now + dueTime, period);
        _timers.Add(timer);
        return timer;
    }

    private sealed class Timer(ManualClock clock, TimerCallback callback, object? state, DateTimeOffset due, TimeSpan period) : ITimer
    {
        private DateTimeOffset _due = due;

        public void FireIfDue(DateTimeOffset now)
        {
            while (_due <= now)
            {
                _due = period > TimeSpan.Zero ? _due + period : DateTimeOffset.MaxValue;
                callback(state);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException();
        public void Dispose() => clock._timers.Remove(this);
        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
