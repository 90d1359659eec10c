using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Contracts;

/// <summary>How one rule fared on one data item: checked, with how many violations, and where the first was.</summary>
public sealed record RuleOutcome(string Rule, string? Column, string Requirement, long Violations, Severity Severity, string? FirstAt)
{
    /// <summary>Whether the rule held.</summary>
    public bool Passed => Violations == 0;
}

/// <summary>Validation of one data item: every rule's outcome, and the profile drift is computed from.</summary>
public sealed record ValidationOutcome(string Role, IReadOnlyList<string> Files, long Rows, IReadOnlyList<RuleOutcome> Rules, DataProfile Profile);
