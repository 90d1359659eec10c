using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Pipeline;

/// <summary>What one pipeline step reports: its diagnostics (capped, with summaries) and what it did, for the log (each line shortened to <see cref="MessageText.MaxLength"/>).</summary>
public sealed record StepResult(IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<string> Messages)
{
    public IReadOnlyList<string> Messages { get; } = Messages.Select(MessageText.Shorten).ToArray();

    public bool Succeeded => Diagnostics.All(d => d.Severity != Severity.Error);
}
