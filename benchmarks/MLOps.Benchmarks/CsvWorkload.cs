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

        var threads = Environment.ProcessorCount;
        var parse = Time($"MLOps.Build reader, {threads} threads, parse every field", megabytes, repeats, () => ParseAll(file, threads));
        Time("MLOps.Build reader, 1 thread, parse every field", megabytes, repeats, () => ParseAll(file, 1));
        Time("CsvHelper 33 parser, parse every field", megabytes, repeats, () => CsvHelperParseAll(path));
        DataProfile? profile = null;
        Time($"MLOps.Build validate, {threads} threads", megabytes, repeats, () => (profile = Validate(file, contract, threads).Profile).Rows);
        var validate = Time($"MLOps.Build validate + drift, {threads} threads", megabytes, repeats, () =>
        {
            var current = Validate(file, contract, threads).Profile;
            var drift = DriftDetector.Compare(profile!, current, contract.Drift);
            return drift.Count;
        });
        Time("MLOps.Build validate + drift, 1 thread", megabytes, repeats, () => DriftDetector.Compare(profile!, Validate(file, contract, 1).Profile, contract.Drift).Count);
        Console.WriteLine($"validation + drift runs at {parse / validate:0%} of the reader's parse speed ({threads} threads each)");
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

    private static ValidationOutcome Validate(DataFile file, DataContract contract, int? threads = null)
    {
        var diagnostics = new DiagnosticBag();
        return ContractValidator.Validate("data", [file], contract, null, diagnostics, threads: threads) ?? throw new InvalidDataException(string.Join("\n", diagnostics.Items));
    }

    /// <summary>Runs <paramref name="work"/> <paramref name="repeats"/> times, prints the best time and speed, returns the best time in seconds.</summary>
    private static double Time(string what, double megabytes, int repeats, Func<object> work)
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
        return best;
    }

    /// <summary>Every field of the body as a number: the header with one reader, the body in byte ranges on <paramref name="threads"/> threads.</summary>
    private static object ParseAll(DataFile file, int threads)
    {
        using var reader = CsvReader.Open(file, new DiagnosticBag());
        reader.Read();
        long fields = 0;
        if (!CsvChunks.TryRead(file, reader, threads, (range, _) => SumFields(range), (part, _) => fields += part.Fields, new DiagnosticBag(), out _))
            fields = SumFields(reader).Fields;
        return $"{fields:N0} numbers";
    }

    private static (double Sum, long Fields) SumFields(CsvReader reader)
    {
        var sum = 0.0;
        long fields = 0;
        while (reader.Read())
            for (var i = 0; i < reader.FieldCount; i++)
                if (reader.TryGetDouble(i, out var value))
                {
                    sum += value;
                    fields++;
                }
        return (sum, fields);
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
