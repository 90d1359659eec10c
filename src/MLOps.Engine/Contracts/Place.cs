namespace MLOps.Engine.Contracts;

/// <summary>A position in a file: 1-based line and character column, written as MSBuild writes it.</summary>
public sealed record Place(string File, int Line, int Column)
{
    public override string ToString() => $"{File}({Line},{Column})";
}
