using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Contracts;

/// <summary>
/// A data contract (<c>DataSchemaFile</c>, docs/data-contracts.md): what every column and the table as a whole
/// must satisfy, how severe each broken rule is, and when a column counts as drifted.
/// </summary>
public sealed record DataContract
{
    /// <summary>The columns, in the order the contract lists them.</summary>
    public IReadOnlyList<ColumnContract> Columns { get; init; } = [];
    /// <summary>Rules about the whole table.</summary>
    public TableContract Table { get; init; } = new();
    /// <summary>When a column counts as drifted.</summary>
    public DriftSettings Drift { get; init; } = new();
    /// <summary>Contract-wide severities by rule name (<see cref="Rules"/>), over the built-in defaults.</summary>
    public IReadOnlyDictionary<string, Severity> Severities { get; init; } = new Dictionary<string, Severity>();
    /// <summary>Where the contract came from, for messages; null for one made in memory.</summary>
    public DataFile? Source { get; init; }

    /// <summary>The contract of column <paramref name="name"/>, or null when the contract does not declare it.</summary>
    public ColumnContract? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>How severe a broken <paramref name="rule"/> is for <paramref name="column"/> (or the table when null).</summary>
    public Severity SeverityOf(string rule, ColumnContract? column = null) =>
        column?.Severities.TryGetValue(rule, out var own) == true ? own
        : Severities.TryGetValue(rule, out var contractWide) ? contractWide
        : Rules.DefaultSeverity(rule);
}

/// <summary>What one column must hold. Null means "no such rule".</summary>
public sealed record ColumnContract(string Name, string Type)
{
    /// <summary>False: no value may be missing. True or null: see <see cref="MaxMissingShare"/>.</summary>
    public bool? Nullable { get; init; }
    /// <summary>The largest share of rows (0–1) allowed to miss a value.</summary>
    public double? MaxMissingShare { get; init; }
    /// <summary>Smallest allowed value (numbers).</summary>
    public double? Min { get; init; }
    /// <summary>Largest allowed value (numbers).</summary>
    public double? Max { get; init; }
    /// <summary>The allowed values (categories).</summary>
    public IReadOnlyList<string>? Values { get; init; }
    /// <summary>A regular expression every value must match as a whole.</summary>
    public string? Regex { get; init; }
    /// <summary>Whether every value must be distinct.</summary>
    public bool Unique { get; init; }
    /// <summary>Severities of this column's rules, over the contract's.</summary>
    public IReadOnlyDictionary<string, Severity> Severities { get; init; } = new Dictionary<string, Severity>();
    /// <summary>Line of the column in the contract file, for messages (0 when unknown).</summary>
    public int Line { get; init; }
    /// <summary>Line and column of <see cref="Regex"/> in the contract file, for messages ((0, 0) when unknown).</summary>
    public (int Line, int Column) RegexAt { get; init; }

    /// <summary>How the loader reads the column: numbers, booleans and categories are features, the rest are not.</summary>
    public ColumnType LoadType => Type switch
    {
        ContractTypes.Integer or ContractTypes.Number => ColumnType.Number,
        ContractTypes.Boolean => ColumnType.Boolean,
        ContractTypes.Category => ColumnType.Category,
        _ => ColumnType.Text,
    };

    /// <summary>Whether values are numbers (integer or number).</summary>
    public bool IsNumeric => Type is ContractTypes.Integer or ContractTypes.Number;
}

/// <summary>Rules about the table: required columns, row count, label class shares, duplicate rows.</summary>
public sealed record TableContract
{
    /// <summary>Columns every file must have. When null, every declared column is required.</summary>
    public IReadOnlyList<string>? RequiredColumns { get; init; }
    /// <summary>Fewest rows allowed (per data item: all files of it together).</summary>
    public long? MinRows { get; init; }
    /// <summary>Most rows allowed.</summary>
    public long? MaxRows { get; init; }
    /// <summary>Smallest share any label class may have.</summary>
    public double? MinLabelClassShare { get; init; }
    /// <summary>Largest share any label class may have.</summary>
    public double? MaxLabelClassShare { get; init; }
    /// <summary>Largest share of rows that may repeat an earlier row exactly.</summary>
    public double? MaxDuplicateRowShare { get; init; }
}

/// <summary>
/// A column drifts when its test is significant after Holm's correction across columns (adjusted p &lt; Alpha) and
/// its effect size passes its threshold: PSI for numbers, Jensen–Shannon distance for categories.
/// </summary>
public sealed record DriftSettings
{
    /// <summary>Family-wise significance level.</summary>
    public double Alpha { get; init; } = 0.05;
    /// <summary>Smallest PSI that counts as drift (0.1 is commonly read as a moderate shift).</summary>
    public double PsiThreshold { get; init; } = 0.1;
    /// <summary>Smallest Jensen–Shannon distance (base 2) that counts as drift.</summary>
    public double JensenShannonThreshold { get; init; } = 0.1;
}

/// <summary>The column types a contract may name.</summary>
public static class ContractTypes
{
    public const string Integer = "integer";
    public const string Number = "number";
    public const string Category = "category";
    public const string Boolean = "boolean";
    public const string Text = "text";
    public const string DateTime = "datetime";
    public const string Id = "id";

    /// <summary>All of them.</summary>
    public static readonly IReadOnlyList<string> All = [Integer, Number, Category, Boolean, Text, DateTime, Id];
}
