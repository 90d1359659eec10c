using System.Diagnostics;
using System.Globalization;
using MLOps.Engine.Contracts;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.Drift;

namespace MLOps.Benchmarks;

/// <summary>
/// The reader and the validator on one large numeric CSV, same run: parse every field with our reader; parse it
/// with CsvHelper's parser (the .NET peer); validate against a contract and compute drift against the file's own
/// profile. Speeds are MB/s of file; memory is the process's peak working set.
/// </summary>
public static class CsvWorkload
{
    public static void Run(string path, int repeats)
    {
        var file = new DataFile(Path.GetFullPath(path), path);
        var megabytes = new FileInfo(path).Length / 1e6;
        var contract = ContractInference.Infer([file], new DiagnosticBag())!;
        Console.WriteLine($"{path}: {megabytes:0} MB, {contract.Columns.Count} columns");

        Time("MLOps.Build reader, parse every field", megabytes, repeats, () => ParseAll(file));
        Time("CsvHelper 33 parser, parse every field", megabytes, repeats, () => CsvHelperParseAll(path));
        DataProfile? profile = null;
        Time("MLOps.Build validate (contract rules)", megabytes, repeats, () => (profile = Validate(file, contract).Profile).Rows);
        Time("MLOps.Build validate + drift statistics", megabytes, repeats, () =>
        {
            var current = Validate(file, contract).Profile;
            var drift = DriftDetector.Compare(profile!, current, contract.Drift);
            return drift.Count;
        });
        Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB");
    }

    /// <summary>Validation and drift alone in this process, to show its peak memory does not grow with the rows.</summary>
    public static void Memory(string path)
    {
        var file = new DataFile(Path.GetFullPath(path), path);
        var contract = ContractInference.Infer([file], new DiagnosticBag())!;
        var baseline = Process.GetCurrentProcess().PeakWorkingSet64;
        var profile = Validate(file, contract).Profile;
        var drift = DriftDetector.Compare(profile, Validate(file, contract).Profile, contract.Drift);
        Console.WriteLine($"{path}: {profile.Rows:N0} rows, {drift.Count} columns tested; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB ({baseline / 1e6:0} MB after inferring the contract)");
    }

    private static ValidationOutcome Validate(DataFile file, DataContract contract)
    {
        var diagnostics = new DiagnosticBag();
        return ContractValidator.Validate("data", [file], contract, null, diagnostics) ?? throw new InvalidDataException(string.Join("\n", diagnostics.Items));
    }

    private static void Time(string what, double megabytes, int repeats, Func<object> work)
    {
        var best = double.MaxValue;
        object? result = null;
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            result = work();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"{what,-45} {best,6:0.00} s  {megabytes / best,6:0} MB/s  (best of {repeats}; {result})");
    }

    private static object ParseAll(DataFile file)
    {
        using var reader = CsvReader.Open(file, new DiagnosticBag());
        reader.Read();
        var sum = 0.0;
        long fields = 0;
        while (reader.Read())
            for (var i = 0; i < reader.FieldCount; i++)
                if (reader.TryGetDouble(i, out var value))
                {
                    sum += value;
                    fields++;
                }
        return $"{fields:N0} numbers";
    }

    private static object CsvHelperParseAll(string path)
    {
        using var text = new StreamReader(path);
        using var parser = new CsvHelper.CsvParser(text, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture));
        parser.Read();
        var sum = 0.0;
        long fields = 0;
        while (parser.Read())
            for (var i = 0; i < parser.Count; i++)
                if (double.TryParse(parser[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    sum += value;
                    fields++;
                }
        return $"{fields:N0} numbers";
    }
}
