using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;

namespace MLOps.Engine.Contracts;

/// <summary>
/// Checks one declared column's values as rows stream past, reporting each broken rule at the value's file, line
/// and column, and keeps what drift needs (sampled numbers, value counts).
/// </summary>
internal sealed class ColumnCheck
{
    private readonly DataContract _contract;
    private readonly DiagnosticBag _diagnostics;
    private ContractPattern? _pattern;
    private readonly HashSet<string>? _allowed;
    private readonly List<bool> _levelAllowed = [];
    private readonly List<bool> _levelMatches = [];
    private readonly Dictionary<ulong, int>? _seen;
    private readonly Dictionary<string, (long Count, Place At)> _violations = [];
    // Decided once: comparing type names per value would cost more than checking the value.
    private readonly Kind _kind;
    private readonly bool _countOtherValues;
    private readonly double _min, _max;
    private readonly bool _fastNumbers;
    public const double MaxExactInteger = 9007199254740992; // 2^53

    private enum Kind { Integer, Number, Boolean, Category, DateTime, Text }

    public ColumnCheck(ColumnContract column, DataContract contract, bool countValues, DiagnosticBag diagnostics)
    {
        Column = column;
        _contract = contract;
        _diagnostics = diagnostics;
        if (column.Regex is not null) _pattern = new ContractPattern(column.Regex);
        if (column.Values is not null) _allowed = column.Values.ToHashSet(StringComparer.Ordinal);
        if (column.Unique) _seen = [];
        if (countValues || column.Type is ContractTypes.Category or ContractTypes.Boolean) Counts = new ValueCounts(ContractValidator.MaxCountedValues);
        _kind = column.Type switch
        {
            ContractTypes.Integer => Kind.Integer,
            ContractTypes.Number => Kind.Number,
            ContractTypes.Boolean => Kind.Boolean,
            ContractTypes.Category => Kind.Category,
            ContractTypes.DateTime => Kind.DateTime,
            _ => Kind.Text,
        };
        _countOtherValues = Counts is not null && _kind is not (Kind.Boolean or Kind.Category);
        _fastNumbers = IsNumeric && !_countOtherValues && _seen is null;
        (_min, _max) = (column.Min ?? double.NegativeInfinity, column.Max ?? double.PositiveInfinity);
    }

    /// <summary>Whether the column holds numbers, which the row sample keeps.</summary>
    public bool IsNumeric => _kind is Kind.Integer or Kind.Number;

    public ColumnContract Column { get; }
    /// <summary>Position in the current file's header, or -1 when the file lacks the column.</summary>
    public int Index { get; set; } = -1;
    public long Present { get; private set; }
    public long Missing { get; private set; }
    public Place? FirstMissingAt { get; private set; }
    /// <summary>Whether a value took the regex longer than <see cref="ContractPattern.MatchTimeout"/> to match (later values were not matched).</summary>
    public bool PatternTimedOut { get; private set; }
    /// <summary>Where that value is, when known.</summary>
    public Place? PatternTimedOutAt { get; private set; }
    public ValueCounts? Counts { get; }
    public IReadOnlyDictionary<string, (long Count, Place At)> Violations => _violations;

    /// <summary>
    /// Whether the common case of this column, a plain number that breaks no rule, may be checked by the caller from a
    /// number parsed ahead: within [<see cref="Min"/>, <see cref="Max"/>], and whole when <see cref="WantsIntegers"/>.
    /// Such values are only counted (<see cref="CountAccepted"/>); every other field goes to <see cref="CheckField"/>.
    /// </summary>
    public bool TakesParsedNumbers => _fastNumbers;
    public double Min => _min;
    public double Max => _max;
    public bool WantsIntegers => _kind == Kind.Integer;

    /// <summary>Counts values the caller found to break no rule.</summary>
    public void CountAccepted(long values) => Present += values;

    /// <summary>Checks the current row's field of this column with every rule; returns the number to sample (NaN when missing, bad or not a number column).</summary>
    public double CheckField(CsvReader reader)
    {
        if (Index < 0) return double.NaN;
        var number = double.NaN;
        if (reader.IsEmpty(Index))
        {
            Missing++;
            FirstMissingAt ??= Where(reader);
            if (Column.Nullable == false)
                Violation(Rules.Missing, reader, $"Column '{Column.Name}' has no value in this row, but the contract says it is not nullable.");
        }
        else
        {
            Present++;
            var field = reader.GetField(Index);
            switch (_kind)
            {
                case Kind.Integer or Kind.Number:
                    number = CheckNumber(reader, field);
                    break;
                case Kind.Boolean:
                    if (ValueParsing.TryParseBoolean(field, out var flag)) Counts!.Add(flag ? "true"u8 : "false"u8, out _);
                    else TypeViolation(DiagnosticCodes.NotABoolean, reader, field, "true or false");
                    break;
                case Kind.Category:
                    CheckLevel(reader, field);
                    break;
                default:
                    CheckText(reader, field);
                    break;
            }
            if (_countOtherValues) Counts!.Add(field, out _);
        }
        return number;
    }

    private double CheckNumber(CsvReader reader, ReadOnlySpan<byte> field)
    {
        if (!ValueParsing.TryParseNumber(field, out var value) || !double.IsFinite(value))
        {
            TypeViolation(DiagnosticCodes.NotANumber, reader, field, "a finite number");
            return double.NaN;
        }
        if (_kind == Kind.Integer && (value != Math.Floor(value) || Math.Abs(value) > MaxExactInteger))
        {
            TypeViolation(DiagnosticCodes.NotAnInteger, reader, field, "a whole number");
            return double.NaN;
        }
        if (value < _min)
            Violation(Rules.Min, reader, $"Column '{Column.Name}' has the value {Quote(field)}, below the contract's minimum {Format(_min)}.");
        if (value > _max)
            Violation(Rules.Max, reader, $"Column '{Column.Name}' has the value {Quote(field)}, above the contract's maximum {Format(_max)}.");
        if (_seen is not null) CheckUnique(reader, field);
        return value;
    }

    private void CheckLevel(CsvReader reader, ReadOnlySpan<byte> field)
    {
        var level = Counts!.Add(field, out var isNew);
        if (isNew)
        {
            var text = Counts.Text(level);
            _levelAllowed.Add(_allowed is null || _allowed.Contains(text));
            _levelMatches.Add(Matches(text, reader));
        }
        var allowed = level >= 0 ? _levelAllowed[level] : _allowed is null || _allowed.Contains(Encoding.UTF8.GetString(field));
        var matches = level >= 0 ? _levelMatches[level] : _pattern is null || Matches(Encoding.UTF8.GetString(field), reader);
        if (!allowed)
            Violation(Rules.Values, reader, $"Column '{Column.Name}' has the value {Quote(field)}, which is not one of the contract's values ({MessageText.FirstFew(Column.Values!)}).");
        if (!matches) PatternViolation(reader, field);
        if (_seen is not null) CheckUnique(reader, field);
    }

    private void CheckText(CsvReader reader, ReadOnlySpan<byte> field)
    {
        if (_kind == Kind.DateTime &&
            !DateTime.TryParse(Encoding.UTF8.GetString(field), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out _))
        {
            TypeViolation(DiagnosticCodes.NotADateTime, reader, field, "a date and time (ISO 8601, e.g. 2024-05-31 or 2024-05-31T13:45:00Z)");
            return;
        }
        if (_pattern is not null && !Matches(Encoding.UTF8.GetString(field), reader)) PatternViolation(reader, field);
        if (_seen is not null) CheckUnique(reader, field);
    }

    private void CheckUnique(CsvReader reader, ReadOnlySpan<byte> field)
    {
        var hash = ValueCounts.Hash(field);
        if (_seen!.TryAdd(hash, reader.RecordLine)) return;
        Violation(Rules.Unique, reader, $"Column '{Column.Name}' has the value {Quote(field)} again (first on line {_seen[hash]}), but the contract says its values are unique.");
    }

    /// <summary>
    /// Whether <paramref name="text"/> matches the column's regex. A value that takes the regex too long to match counts
    /// as matching, and the regex is not tried again: one such value shows the next would take as long.
    /// </summary>
    private bool Matches(string text, CsvReader? reader)
    {
        if (_pattern?.Matches(text) is { } matches) return matches;
        if (_pattern is not null)
        {
            PatternTimedOut = true;
            if (reader is not null) PatternTimedOutAt ??= Where(reader);
            _pattern = null;
        }
        return true;
    }

    private void PatternViolation(CsvReader reader, ReadOnlySpan<byte> field) =>
        Violation(Rules.Regex, reader, $"Column '{Column.Name}' has the value {Quote(field)}, which does not match the contract's regex '{Column.Regex}'.");

    private void TypeViolation(string code, CsvReader reader, ReadOnlySpan<byte> field, string expected)
    {
        var at = Count(Rules.Type, reader);
        _diagnostics.Error(code, $"Column '{Column.Name}' is {Article(Column.Type)} column in the data contract, but this value is {Quote(field)}, which is not {expected}.",
            reader.DisplayPath, at.Line, at.Column);
    }

    private void Violation(string rule, CsvReader reader, string message)
    {
        var at = Count(rule, reader);
        ContractValidator.Report(_diagnostics, _contract, rule, Column, message, reader.DisplayPath, at.Line, at.Column);
    }

    private (int Line, int Column) Count(string rule, CsvReader reader)
    {
        var at = reader.Locate(Index);
        _violations[rule] = _violations.TryGetValue(rule, out var seen) ? (seen.Count + 1, seen.At) : (1, new Place(reader.DisplayPath, at.Line, at.Column));
        return at;
    }

    private Place Where(CsvReader reader)
    {
        var (line, column) = reader.Locate(Index);
        return new Place(reader.DisplayPath, line, column);
    }

    /// <summary>
    /// Takes over what <paramref name="part"/> checked in a later part of the data, read on its own with lines counted
    /// from its start (<paramref name="lineOffset"/> lines before it).
    /// </summary>
    public void Absorb(ColumnCheck part, int lineOffset)
    {
        Present += part.Present;
        Missing += part.Missing;
        FirstMissingAt ??= Shift(part.FirstMissingAt, lineOffset);
        PatternTimedOutAt ??= Shift(part.PatternTimedOutAt, lineOffset);
        if (part.PatternTimedOut) (PatternTimedOut, _pattern) = (true, null);
        foreach (var (rule, (count, at)) in part._violations)
            _violations[rule] = _violations.TryGetValue(rule, out var seen) ? (seen.Count + count, seen.At) : (count, Shift(at, lineOffset)!);
        if (part.Counts is not null)
            Counts!.Merge(part.Counts, level =>
            {
                if (_kind != Kind.Category) return;
                var text = Counts.Text(level);
                _levelAllowed.Add(_allowed is null || _allowed.Contains(text));
                _levelMatches.Add(Matches(text, null));
            });
    }

    private static Place? Shift(Place? place, int lines) => place is null ? null : place with { Line = place.Line + lines };

    private static string Article(string type) => type is ContractTypes.Integer or ContractTypes.Id ? $"an {type}" : $"a {type}";

    internal static string Quote(ReadOnlySpan<byte> field)
    {
        var text = Encoding.UTF8.GetString(field);
        return text.Length > 60 ? $"'{text[..57]}...'" : $"'{text}'";
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
