using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MLOps.Runtime.Monitoring;

/// <summary>
/// The prediction log: JSON Lines files (<c>*.jsonl</c>, UTF-8, one <see cref="PredictionRecord"/> per line) in one
/// folder, named <c>&lt;model&gt;-&lt;UTC start, yyyyMMddTHHmmssfffZ&gt;-&lt;sequence&gt;.jsonl</c> so that name order is time order.
/// </summary>
public static class PredictionLogFormat
{
    /// <summary>The extension of log files.</summary>
    public const string Extension = ".jsonl";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    // Property names encoded once: the writer formats every sampled row, on a core the scoring threads may need.
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("time"), ModelName = JsonEncodedText.Encode("model"),
        VersionName = JsonEncodedText.Encode("version"), FingerprintName = JsonEncodedText.Encode("fingerprint"), KeyName = JsonEncodedText.Encode("key"),
        InputsName = JsonEncodedText.Encode("inputs"), ProbabilitiesName = JsonEncodedText.Encode("probabilities"), ScoreName = JsonEncodedText.Encode("score");

    /// <summary>The options a log line is written with (one line, no indentation).</summary>
    public static JsonWriterOptions Options => WriterOptions;

    /// <summary>The name of the <paramref name="sequence"/>-th log file a writer of <paramref name="model"/> starts, at <paramref name="utc"/>.</summary>
    public static string FileName(string model, DateTimeOffset utc, long sequence) => $"{model}-{Stamp(utc)}-{sequence:D6}{Extension}";

    /// <summary>A time in file names: UTC to the millisecond, so that name order is time order.</summary>
    internal static string Stamp(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The log files in <paramref name="folder"/>, oldest first.</summary>
    public static IReadOnlyList<string> Files(string folder) =>
        Directory.GetFiles(folder, "*" + Extension).OrderBy(Path.GetFileName, StringComparer.Ordinal).ToArray();

    /// <summary>Writes one record (without the line end) from a row's values by input index.</summary>
    public static void Write(Utf8JsonWriter writer, DateTimeOffset time, ProfiledModel model, string? key,
        IReadOnlyList<InputSpec> inputs, ReadOnlySpan<double> numbers, ReadOnlySpan<string?> categories, ReadOnlySpan<double> outputs) =>
        Write(writer, time, model, key, Names(inputs), inputs, numbers, categories, outputs);

    /// <summary>The inputs' names encoded once, for a writer of many records.</summary>
    internal static JsonEncodedText[] Names(IReadOnlyList<InputSpec> inputs) =>
        inputs.Select(i => JsonEncodedText.Encode(i.Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)).ToArray();

    internal static void Write(Utf8JsonWriter writer, DateTimeOffset time, ProfiledModel model, string? key, JsonEncodedText[] names,
        IReadOnlyList<InputSpec> inputs, ReadOnlySpan<double> numbers, ReadOnlySpan<string?> categories, ReadOnlySpan<double> outputs)
    {
        writer.WriteStartObject();
        writer.WriteString(TimeName, time.UtcDateTime);
        writer.WriteString(ModelName, model.Name);
        if (model.Version is { } version) writer.WriteString(VersionName, version);
        writer.WriteString(FingerprintName, model.Fingerprint);
        if (key is not null) writer.WriteString(KeyName, key);
        writer.WriteStartObject(InputsName);
        for (var i = 0; i < inputs.Count; i++)
        {
            writer.WritePropertyName(names[i]);
            switch (inputs[i].Type)
            {
                case InputTypes.Category when categories[i] is { } category: writer.WriteStringValue(category); break;
                case InputTypes.Boolean when !double.IsNaN(numbers[i]): writer.WriteBooleanValue(numbers[i] != 0); break;
                case InputTypes.Number when double.IsFinite(numbers[i]): writer.WriteNumberValue(numbers[i]); break;
                // JSON has no infinities; the strings read back as them.
                case InputTypes.Number when double.IsInfinity(numbers[i]): writer.WriteStringValue(numbers[i] > 0 ? "Infinity" : "-Infinity"); break;
                default: writer.WriteNullValue(); break;
            }
        }
        writer.WriteEndObject();
        if (model.Task == "MulticlassClassification")
        {
            writer.WriteStartArray(ProbabilitiesName);
            foreach (var p in outputs) writer.WriteNumberValue(p);
            writer.WriteEndArray();
        }
        else if (double.IsFinite(outputs[0])) writer.WriteNumber(ScoreName, outputs[0]);
        else writer.WriteNull(ScoreName);
        writer.WriteEndObject();
    }

    /// <summary>Parses one line.</summary>
    /// <exception cref="InvalidDataException">The line is not a prediction record; the message names <paramref name="source"/>.</exception>
    public static PredictionRecord Parse(ReadOnlySpan<byte> line, string source)
    {
        try
        {
            using var json = JsonDocument.Parse(line.ToArray());
            var root = json.RootElement;
            var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var input in root.GetProperty("inputs").EnumerateObject())
                inputs[input.Name] = input.Value.ValueKind switch
                {
                    JsonValueKind.Number => input.Value.GetDouble(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.String when input.Value.GetString() is "Infinity" => double.PositiveInfinity,
                    JsonValueKind.String when input.Value.GetString() is "-Infinity" => double.NegativeInfinity,
                    JsonValueKind.String => input.Value.GetString(),
                    _ => null,
                };
            return new PredictionRecord(
                root.GetProperty("time").GetDateTimeOffset().ToUniversalTime(),
                root.GetProperty("model").GetString()!,
                Optional(root, "version")?.GetString(),
                root.GetProperty("fingerprint").GetString()!,
                Optional(root, "key")?.GetString(),
                inputs,
                Optional(root, "score") is { ValueKind: JsonValueKind.Number } score ? score.GetDouble() : null,
                Optional(root, "probabilities")?.EnumerateArray().Select(p => p.GetDouble()).ToArray());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source} is not a prediction record: {e.Message}", e);
        }
    }

    /// <summary>Every record of a log file or of every log file in a folder, oldest file first.</summary>
    /// <exception cref="InvalidDataException">A line is not a prediction record; the message names the file and line.</exception>
    public static IEnumerable<PredictionRecord> Read(string fileOrFolder)
    {
        var files = Directory.Exists(fileOrFolder) ? Files(fileOrFolder) : [fileOrFolder];
        foreach (var file in files)
        {
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                // Blank lines carry nothing (an editor may leave one at the end).
                if (string.IsNullOrWhiteSpace(line)) continue;
                yield return Parse(System.Text.Encoding.UTF8.GetBytes(line), $"{file}({number})");
            }
        }
    }

    private static JsonElement? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
