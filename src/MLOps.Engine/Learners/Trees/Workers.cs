using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace MLOps.Engine.Learners.Trees;

/// <summary>
/// The threads boosting runs its parallel loops on: the caller plus <c>threads − 1</c> helpers that stay awake between
/// loops. A boosting round runs about a hundred short loops (a histogram, a partition, two split searches per split),
/// each tens of microseconds of work; handing each to the thread pool cost ~30 µs of wake-up, about a tenth of the
/// training time. Helpers spin for a short while after each loop, then sleep. Indices go to whichever thread asks
/// first: every loop here writes disjoint outputs or adds integers, so the results do not depend on who ran what.
/// </summary>
internal sealed class Workers : IDisposable
{
    // 100 µs awake after a loop; none on one core, where a spinning helper would only hold up the caller.
    private static readonly long SpinTicks = Environment.ProcessorCount > 1 ? Stopwatch.Frequency / 10_000 : 0;
    private const int Open = 1 << 30; // in _state: the current loop takes helpers; the bits below count those in it

    private readonly Thread[] _helpers;
    private readonly SemaphoreSlim _wake = new(0);
    private Action<int>? _body;
    private int _next, _end;
    private int _job;      // loops started: a helper looks for a loop to join when it changes
    private int _state;    // Open while the caller runs its share, plus the helpers in the loop
    private int _sleeping; // helpers waiting on _wake
    private bool _stopping;
    private Exception? _failure;

    public Workers(int threads)
    {
        // More threads than cores would only take turns spinning: the results are the same with fewer.
        _helpers = new Thread[Math.Max(0, Math.Min(threads, Environment.ProcessorCount) - 1)];
        for (var i = 0; i < _helpers.Length; i++)
        {
            _helpers[i] = new Thread(Help) { IsBackground = true, Name = "MLOps trees" };
            _helpers[i].Start();
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every index in [<paramref name="from"/>, <paramref name="to"/>). The caller runs
    /// indices too and, once none is left, waits only for helpers that joined: a helper the machine has not scheduled
    /// yet is not waited for.
    /// </summary>
    public void For(int from, int to, Action<int> body)
    {
        if (to - from <= 1 || _helpers.Length == 0)
        {
            for (var i = from; i < to; i++) body(i);
            return;
        }
        (_body, _next, _end, _failure) = (body, from, to, null);
        Interlocked.Exchange(ref _state, Open);
        Interlocked.Increment(ref _job);
        if (Volatile.Read(ref _sleeping) is var sleeping and > 0) _wake.Release(Math.Min(sleeping, to - from - 1)); // the caller takes an index too
        Run();
        Interlocked.And(ref _state, ~Open); // no one joins now
        var wait = new SpinWait();
        while (Volatile.Read(ref _state) != 0) wait.SpinOnce(sleep1Threshold: -1);
        _body = null;
        if (_failure is { } failure) ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>Runs the two actions, one per thread when there are two.</summary>
    public void Invoke(Action first, Action second) => For(0, 2, i => (i == 0 ? first : second)());

    private void Run()
    {
        var body = _body!;
        int i;
        while ((i = Interlocked.Increment(ref _next) - 1) < _end)
        {
            try { body(i); }
            catch (Exception e) { Interlocked.CompareExchange(ref _failure, e, null); }
        }
    }

    private void Help()
    {
        var seen = 0;
        while (true)
        {
            var idleSince = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref _job) == seen && !Volatile.Read(ref _stopping))
            {
                if (Stopwatch.GetTimestamp() - idleSince < SpinTicks)
                {
                    Thread.SpinWait(30);
                    continue;
                }
                // Announce the sleep, then look again: a loop started after the announcement is seen here or wakes us.
                Interlocked.Increment(ref _sleeping);
                if (Volatile.Read(ref _job) == seen && !Volatile.Read(ref _stopping)) _wake.Wait();
                Interlocked.Decrement(ref _sleeping);
                idleSince = Stopwatch.GetTimestamp();
            }
            if (Volatile.Read(ref _stopping)) return;
            seen = Volatile.Read(ref _job);
            if (!Join()) continue; // the caller finished that loop alone
            Run();
            Interlocked.Decrement(ref _state);
        }
    }

    /// <summary>Enters the current loop if it is still open.</summary>
    private bool Join()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if ((state & Open) == 0) return false;
            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state) return true;
        }
    }

    /// <summary>Whether a helper thread still runs (none after <see cref="Dispose"/>: a build's process must not keep them).</summary>
    internal bool AnyHelperAlive => _helpers.Any(h => h.IsAlive);

    public void Dispose()
    {
        Volatile.Write(ref _stopping, true);
        if (_helpers.Length > 0) _wake.Release(_helpers.Length);
        foreach (var helper in _helpers) helper.Join();
        _wake.Dispose();
    }
}
