using System.Text.RegularExpressions;

namespace MLOps.Engine.Contracts;

/// <summary>
/// A contract's <c>regex</c>, matched against whole values so that checking data stays bounded: by .NET's
/// non-backtracking engine (time linear in the value, whatever the pattern) where the pattern allows it, else by the
/// backtracking engine with a match timeout, since lookarounds and backreferences need it.
/// </summary>
internal sealed class ContractPattern
{
    /// <summary>How long one value may take to match on the backtracking engine.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex _regex;

    /// <summary>Compiles <paramref name="pattern"/>; throws <see cref="ArgumentException"/> when it is not a valid .NET regular expression.</summary>
    public ContractPattern(string pattern)
    {
        var whole = $"^(?:{pattern})$";
        try
        {
            _regex = new Regex(whole, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout);
        }
        catch (NotSupportedException)
        {
            _regex = new Regex(whole, RegexOptions.CultureInvariant, MatchTimeout);
        }
    }

    /// <summary>Whether <paramref name="value"/> matches as a whole; null when it took longer than <see cref="MatchTimeout"/>.</summary>
    public bool? Matches(string value)
    {
        try
        {
            return _regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
