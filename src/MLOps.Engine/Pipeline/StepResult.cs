using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Pipeline;

/// <summary>What one pipeline step reports: its diagnostics (capped, with summaries) and what it did, for the log.</summary>
public sealed record StepResult(IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<string> Messages)
{
    public bool Succeeded => Diagnostics.All(d => d.Severity != Severity.Error);
}
