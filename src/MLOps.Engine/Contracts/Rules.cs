using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Contracts;

/// <summary>The names of contract rules (used for severities and in the validation report) and their codes.</summary>
public static class Rules
{
    public const string Type = "type";
    public const string Missing = "missing";
    public const string Min = "min";
    public const string Max = "max";
    public const string Values = "values";
    public const string Regex = "regex";
    public const string Unique = "unique";
    public const string RequiredColumns = "requiredColumns";
    public const string Rows = "rows";
    public const string LabelClassShare = "labelClassShare";
    public const string DuplicateRows = "duplicateRows";
    public const string UndeclaredColumn = "undeclaredColumn";
    public const string Drift = "drift";

    /// <summary>Every rule whose severity a contract may set.</summary>
    public static readonly IReadOnlyList<string> All = [Type, Missing, Min, Max, Values, Regex, Unique, RequiredColumns, Rows, LabelClassShare, DuplicateRows, UndeclaredColumn, Drift];

    /// <summary>
    /// Built-in severities: broken rules fail the build, except an undeclared column and drift, which warn.
    /// A value that is not of its column's type is always an error: it cannot be read as what it should be.
    /// </summary>
    public static Severity DefaultSeverity(string rule) => rule switch
    {
        UndeclaredColumn or Drift => Severity.Warning,
        _ => Severity.Error,
    };

    /// <summary>The diagnostic code of a broken rule.</summary>
    public static string CodeOf(string rule) => rule switch
    {
        Missing => DiagnosticCodes.TooManyMissing,
        Min => DiagnosticCodes.BelowMinimum,
        Max => DiagnosticCodes.AboveMaximum,
        Values => DiagnosticCodes.ValueNotAllowed,
        Regex => DiagnosticCodes.PatternMismatch,
        Unique => DiagnosticCodes.DuplicateValue,
        RequiredColumns => DiagnosticCodes.RequiredColumnMissing,
        Rows => DiagnosticCodes.RowCountOutOfRange,
        LabelClassShare => DiagnosticCodes.LabelShareOutOfRange,
        DuplicateRows => DiagnosticCodes.DuplicateRows,
        UndeclaredColumn => DiagnosticCodes.UndeclaredColumn,
        Drift => DiagnosticCodes.ColumnDrift,
        _ => DiagnosticCodes.NotANumber,
    };
}
