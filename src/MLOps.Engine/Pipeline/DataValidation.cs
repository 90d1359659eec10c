using MLOps.Engine.Contracts;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Drift;
using MLOps.Engine.Reports;

namespace MLOps.Engine.Pipeline;

/// <summary>What to validate: the training data and any evaluation and reference data, against one contract.</summary>
public sealed record DataValidationRequest(string Name, DataContract Contract, IReadOnlyList<DataFile> Training)
{
    public IReadOnlyList<DataFile> Evaluation { get; init; } = [];
    public IReadOnlyList<DataFile> Reference { get; init; } = [];
    /// <summary>The label column (its class shares are checked; it is not tested for drift).</summary>
    public string? LabelColumn { get; init; }
    /// <summary>Columns not tested for drift besides the label (excluded columns).</summary>
    public IReadOnlyList<string> NotInputs { get; init; } = [];
    /// <summary>Where to write the validation report (JSON, Markdown beside it); null for nowhere.</summary>
    public string? ReportPath { get; init; }
}

/// <summary>
/// Checks every data item of a model project against its contract (training, evaluation and reference data),
/// compares the evaluation and reference data with the training data for drift, and writes the validation report.
/// </summary>
public static class DataValidation
{
    public const string Training = "training data";
    public const string Evaluation = "evaluation data";
    public const string Reference = "reference data";

    /// <summary>Runs the contract and drift checks of a model project; false when the data broke an error rule.</summary>
    internal static bool Run(ModelSpec spec, DataContract contract, DiagnosticBag diagnostics, List<string> messages, CancellationToken cancel = default)
    {
        var errorsBefore = diagnostics.ErrorCount;
        return Run(new DataValidationRequest(spec.Name, contract, spec.TrainingData)
        {
            Evaluation = spec.EvaluationData,
            Reference = spec.ReferenceData,
            LabelColumn = spec.LabelColumn,
            NotInputs = spec.ExcludeColumns,
            ReportPath = spec.Outputs.ValidationReportPath,
        }, diagnostics, messages, cancel) is not null && diagnostics.ErrorCount == errorsBefore;
    }

    /// <summary>
    /// Runs the contract and drift checks; the report, or null when a file could not be read. <paramref name="cancel"/>
    /// (Ctrl+C) stops it with an <see cref="OperationCanceledException"/> before the report is written.
    /// </summary>
    public static ValidationReport? Run(DataValidationRequest request, DiagnosticBag diagnostics, List<string> messages, CancellationToken cancel = default)
    {
        using var invariant = InvariantCultureScope.Enter(); // messages read alike on every machine
        var contract = request.Contract;
        var items = new List<(string Role, IReadOnlyList<DataFile> Files)> { (Training, request.Training) };
        if (request.Evaluation.Count > 0) items.Add((Evaluation, request.Evaluation));
        if (request.Reference.Count > 0) items.Add((Reference, request.Reference));
        var outcomes = new List<ValidationOutcome>();
        foreach (var (role, files) in items)
            if (ContractValidator.Validate(role, files, contract, request.LabelColumn, diagnostics, cancel: cancel) is { } outcome)
                outcomes.Add(outcome);
        if (outcomes.Count != items.Count) return null;
        cancel.ThrowIfCancellationRequested();

        var notInputs = request.NotInputs.Append(request.LabelColumn ?? "").ToArray();
        var drift = outcomes.Skip(1)
            .Select(o => new DriftReport(Training, o.Role, o.Files, contract.Drift, DriftDetector.Compare(outcomes[0].Profile, o.Profile, contract.Drift, notInputs)))
            .ToArray();
        foreach (var report in drift) ReportDrift(report, outcomes.First(o => o.Role == report.Current).Profile, contract, diagnostics);

        var validation = new ValidationReport(request.Name, contract.Source?.DisplayPath,
            outcomes.Select(o => new DataItemReport(o.Role, o.Files, o.Rows, o.Rules)).ToArray(), drift);
        if (request.ReportPath is { } path) validation.Write(path);
        var drifted = drift.SelectMany(d => d.Columns.Where(c => c.Drifted).Select(c => c.Column)).Distinct().ToArray();
        messages.Add($"{request.Name}: data checked against {contract.Source?.DisplayPath ?? "the contract"}: {validation.BrokenRules} broken rule{(validation.BrokenRules == 1 ? "" : "s")}" +
            $"{(drift.Length == 0 ? "" : drifted.Length == 0 ? ", no drift" : $", drift in {string.Join(", ", drifted)}")}{(request.ReportPath is null ? "" : $" -> {request.ReportPath}")}");
        return validation;
    }

    private static void ReportDrift(DriftReport report, DataProfile current, DataContract contract, DiagnosticBag diagnostics)
    {
        foreach (var c in report.Columns)
        {
            var at = current.Columns[c.Column].HeaderAt;
            var column = contract.Find(c.Column);
            if (c.Drifted)
                ContractValidator.Report(diagnostics, contract, Rules.Drift, column,
                    $"Column '{c.Column}' of the {report.Current} drifted from the training data: {c.Test} {Format(c.Statistic)}, p = {Format(c.AdjustedPValue)} after Holm's correction across {report.Columns.Count} columns (< {report.Settings.Alpha}), " +
                    $"{c.EffectName} {Format(c.Effect)} (≥ {c.EffectThreshold}){(c.Wasserstein is { } w ? $", Wasserstein distance {Format(w)}" : "")}.",
                    at.File, at.Line, at.Column);
            if (c.NewValues.Count > 0)
            {
                var counts = current.Columns[c.Column].Counts!;
                var severity = contract.SeverityOf(Rules.Drift, column);
                var message = $"Column '{c.Column}' of the {report.Current} has values the training data never had: {MessageText.FirstFew(c.NewValues.Select(v => $"'{v}' ({counts[v]:N0} rows)"))}.";
                diagnostics.Add(new Diagnostic(DiagnosticCodes.NewCategoryValue, severity, message, at.File, at.Line, at.Column));
            }
        }
    }

    private static string Format(double value) => value.ToString(Math.Abs(value) < 1e-3 && value != 0 ? "0.00e+0" : "0.####", System.Globalization.CultureInfo.InvariantCulture);
}
