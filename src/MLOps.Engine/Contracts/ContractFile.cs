using System.Globalization;
using System.Text.Json;
using MLOps.Engine.Data;
using MLOps.Engine.Diagnostics;
using MLOps.Engine.IO;

namespace MLOps.Engine.Contracts;

/// <summary>
/// Reads and writes data contract files (JSON, docs/data-contracts.md). A contract is edited by people, so every
/// mistake in it is an MLOPS1026 error at its line and column, and unknown properties are errors rather than
/// silently ignored rules.
/// </summary>
public static class ContractFile
{
    /// <summary>The <c>format</c> value of a contract file.</summary>
    public const string FormatName = "mlops-data-contract";
    /// <summary>The format version this engine writes and reads.</summary>
    public const int CurrentVersion = 1;

    private static readonly string[] TopKeys = ["$schema", "format", "formatVersion", "description", "columns", "table", "severity", "drift"];
    private static readonly string[] ColumnKeys = ["name", "type", "description", "nullable", "maxMissingShare", "min", "max", "values", "regex", "unique", "severity"];
    private static readonly string[] TableKeys = ["requiredColumns", "minRows", "maxRows", "minLabelClassShare", "maxLabelClassShare", "maxDuplicateRowShare"];
    private static readonly string[] DriftKeys = ["alpha", "psiThreshold", "jensenShannonThreshold"];

    /// <summary>Reads a contract, or returns null after reporting what is wrong with it.</summary>
    public static DataContract? Read(DataFile file, DiagnosticBag diagnostics)
    {
        if (!File.Exists(file.FullPath))
        {
            diagnostics.Error(DiagnosticCodes.ContractNotFound, $"Data contract not found: {file.FullPath}. Check DataSchemaFile, or write one with 'mlops schema infer <training data> > {file.DisplayPath}'.", file.DisplayPath);
            return null;
        }
        return Parse(File.ReadAllBytes(file.FullPath), file, diagnostics);
    }

    /// <summary>Parses contract bytes read from <paramref name="file"/>; null with diagnostics when they are not a valid contract.</summary>
    public static DataContract? Parse(byte[] bytes, DataFile file, DiagnosticBag diagnostics)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            diagnostics.Error(DiagnosticCodes.ContractInvalid, $"The data contract is not valid JSON: {e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}",
                file.DisplayPath, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
            return null;
        }
        using (document)
        {
            var reader = new Reader(file, JsonLocations.Map(bytes), diagnostics);
            var contract = reader.Contract(document.RootElement);
            return reader.Failed ? null : contract with { Source = file };
        }
    }

    /// <summary>Writes a contract as indented JSON, leaving out rules it does not have.</summary>
    public static string ToJson(DataContract contract)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", FormatName);
            writer.WriteNumber("formatVersion", CurrentVersion);
            writer.WriteStartArray("columns");
            foreach (var c in contract.Columns)
            {
                writer.WriteStartObject();
                writer.WriteString("name", c.Name);
                writer.WriteString("type", c.Type);
                if (c.Nullable is { } nullable) writer.WriteBoolean("nullable", nullable);
                if (c.MaxMissingShare is { } share) writer.WriteNumber("maxMissingShare", share);
                if (c.Min is { } min) writer.WriteNumber("min", min);
                if (c.Max is { } max) writer.WriteNumber("max", max);
                if (c.Values is { } values)
                {
                    writer.WriteStartArray("values");
                    foreach (var v in values) writer.WriteStringValue(v);
                    writer.WriteEndArray();
                }
                if (c.Regex is { } regex) writer.WriteString("regex", regex);
                if (c.Unique) writer.WriteBoolean("unique", true);
                WriteSeverities(writer, c.Severities);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            var t = contract.Table;
            writer.WriteStartObject("table");
            if (t.RequiredColumns is { } required)
            {
                writer.WriteStartArray("requiredColumns");
                foreach (var name in required) writer.WriteStringValue(name);
                writer.WriteEndArray();
            }
            if (t.MinRows is { } minRows) writer.WriteNumber("minRows", minRows);
            if (t.MaxRows is { } maxRows) writer.WriteNumber("maxRows", maxRows);
            if (t.MinLabelClassShare is { } minShare) writer.WriteNumber("minLabelClassShare", minShare);
            if (t.MaxLabelClassShare is { } maxShare) writer.WriteNumber("maxLabelClassShare", maxShare);
            if (t.MaxDuplicateRowShare is { } duplicates) writer.WriteNumber("maxDuplicateRowShare", duplicates);
            writer.WriteEndObject();
            writer.WriteStartObject("drift");
            writer.WriteNumber("alpha", contract.Drift.Alpha);
            writer.WriteNumber("psiThreshold", contract.Drift.PsiThreshold);
            writer.WriteNumber("jensenShannonThreshold", contract.Drift.JensenShannonThreshold);
            writer.WriteEndObject();
            WriteSeverities(writer, contract.Severities);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes a contract file atomically.</summary>
    public static void Write(string path, DataContract contract) => AtomicFile.WriteAllText(path, ToJson(contract));

    private static void WriteSeverities(Utf8JsonWriter writer, IReadOnlyDictionary<string, Severity> severities)
    {
        if (severities.Count == 0) return;
        writer.WriteStartObject("severity");
        foreach (var (rule, severity) in severities) writer.WriteString(rule, severity.ToString().ToLowerInvariant());
        writer.WriteEndObject();
    }

    /// <summary>Turns the JSON tree into a contract, reporting every problem with its place.</summary>
    private sealed class Reader(DataFile file, JsonLocations locations, DiagnosticBag diagnostics)
    {
        public bool Failed { get; private set; }

        private void Error(string path, string message)
        {
            var (line, column) = locations.Of(path);
            diagnostics.Error(DiagnosticCodes.ContractInvalid, message, file.DisplayPath, line, column);
            Failed = true;
        }

        public DataContract Contract(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Error("", "A data contract is a JSON object with \"format\": \"mlops-data-contract\" and a \"columns\" array.");
                return new DataContract();
            }
            CheckKeys(root, "", TopKeys, "a data contract");
            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
                Error("format", $"\"format\" must be \"{FormatName}\".");
            if (root.TryGetProperty("formatVersion", out var version) && (!version.TryGetInt32(out var v) || v > CurrentVersion || v < 1))
                Error("formatVersion", $"\"formatVersion\" {version} is not one this version of MLOps.Build reads (it reads 1 to {CurrentVersion}).");
            var columns = new List<ColumnContract>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            if (!root.TryGetProperty("columns", out var columnArray) || columnArray.ValueKind != JsonValueKind.Array)
                Error("columns", "\"columns\" must be an array of column rules, e.g. [{ \"name\": \"age\", \"type\": \"integer\", \"min\": 0 }].");
            else
                foreach (var (element, index) in columnArray.EnumerateArray().Select((e, i) => (e, i)))
                    if (Column(element, $"columns[{index}]") is { } column)
                    {
                        if (!names.Add(column.Name)) Error($"columns[{index}].name", $"Column '{column.Name}' is declared twice.");
                        columns.Add(column);
                    }
            return new DataContract
            {
                Columns = columns,
                Table = root.TryGetProperty("table", out var table) ? Table(table, "table") : new TableContract(),
                Drift = root.TryGetProperty("drift", out var drift) ? Drift(drift, "drift") : new DriftSettings(),
                Severities = root.TryGetProperty("severity", out var severity) ? Severities(severity, "severity") : new Dictionary<string, Severity>(),
            };
        }

        private ColumnContract? Column(JsonElement element, string path)
        {
            if (!IsObject(element, path, ColumnKeys, "a column", "Each entry of \"columns\" is an object with at least \"name\" and \"type\".")) return null;
            var name = String(element, path, "name");
            var type = String(element, path, "type");
            if (name is null) Error(path, "The column has no \"name\".");
            if (type is null) Error(path, $"Column '{name}' has no \"type\". Use one of: {string.Join(", ", ContractTypes.All)}.");
            else if (!ContractTypes.All.Contains(type))
                Error($"{path}.type", $"Column '{name}' has type '{type}', which is not a contract type. Use one of: {string.Join(", ", ContractTypes.All)}.");
            if (name is null || type is null) return null;
            var column = new ColumnContract(name, type)
            {
                Nullable = Boolean(element, path, "nullable"),
                MaxMissingShare = Share(element, path, "maxMissingShare"),
                Min = Number(element, path, "min"),
                Max = Number(element, path, "max"),
                Values = Strings(element, path, "values"),
                Regex = String(element, path, "regex"),
                Unique = Boolean(element, path, "unique") ?? false,
                Severities = element.TryGetProperty("severity", out var severity) ? Severities(severity, $"{path}.severity") : new Dictionary<string, Severity>(),
                Line = locations.Of(path).Line,
                RegexAt = locations.Of($"{path}.regex"),
            };
            if ((column.Min is not null || column.Max is not null) && !column.IsNumeric)
                Error($"{path}.{(column.Min is not null ? "min" : "max")}", $"Column '{name}' has type '{type}'; \"min\" and \"max\" apply to integer and number columns.");
            if (column.Min > column.Max) Error($"{path}.min", $"Column '{name}' has \"min\" {column.Min} above \"max\" {column.Max}.");
            if (column.Values is not null && type != ContractTypes.Category)
                Error($"{path}.values", $"Column '{name}' has type '{type}'; \"values\" applies to category columns.");
            if (column.Regex is not null)
            {
                try
                {
                    _ = new ContractPattern(column.Regex);
                }
                catch (ArgumentException e)
                {
                    Error($"{path}.regex", $"Column '{name}' has a \"regex\" that is not a valid .NET regular expression: {e.Message}");
                }
            }
            return column;
        }

        private TableContract Table(JsonElement element, string path)
        {
            if (!IsObject(element, path, TableKeys, "\"table\"", "\"table\" is an object of table rules.")) return new TableContract();
            var table = new TableContract
            {
                RequiredColumns = Strings(element, path, "requiredColumns"),
                MinRows = Count(element, path, "minRows"),
                MaxRows = Count(element, path, "maxRows"),
                MinLabelClassShare = Share(element, path, "minLabelClassShare"),
                MaxLabelClassShare = Share(element, path, "maxLabelClassShare"),
                MaxDuplicateRowShare = Share(element, path, "maxDuplicateRowShare"),
            };
            if (table.MinRows > table.MaxRows) Error($"{path}.minRows", $"\"minRows\" {table.MinRows} is above \"maxRows\" {table.MaxRows}.");
            return table;
        }

        private DriftSettings Drift(JsonElement element, string path)
        {
            if (!IsObject(element, path, DriftKeys, "\"drift\"", "\"drift\" is an object: { \"alpha\": 0.05, \"psiThreshold\": 0.1, \"jensenShannonThreshold\": 0.1 }.")) return new DriftSettings();
            var defaults = new DriftSettings();
            var alpha = Share(element, path, "alpha") ?? defaults.Alpha;
            if (alpha is <= 0 or >= 1) Error($"{path}.alpha", $"\"alpha\" must be between 0 and 1 (exclusive); it is {alpha}.");
            return new DriftSettings
            {
                Alpha = alpha,
                PsiThreshold = Number(element, path, "psiThreshold") ?? defaults.PsiThreshold,
                JensenShannonThreshold = Share(element, path, "jensenShannonThreshold") ?? defaults.JensenShannonThreshold,
            };
        }

        private Dictionary<string, Severity> Severities(JsonElement element, string path)
        {
            var severities = new Dictionary<string, Severity>(StringComparer.Ordinal);
            if (element.ValueKind != JsonValueKind.Object)
            {
                Error(path, "\"severity\" maps rule names to \"error\", \"warning\" or \"info\", e.g. { \"max\": \"warning\" }.");
                return severities;
            }
            foreach (var property in element.EnumerateObject())
            {
                var at = $"{path}.{property.Name}";
                if (!Rules.All.Contains(property.Name))
                    Error(at, $"'{property.Name}' is not a rule. Rules: {string.Join(", ", Rules.All)}.");
                else if (property.Name == Rules.Type)
                    Error(at, "The \"type\" rule is always an error: a value that is not of its column's type cannot be used.");
                else if (property.Value.ValueKind == JsonValueKind.String && Enum.TryParse<Severity>(property.Value.GetString(), ignoreCase: true, out var severity) && !int.TryParse(property.Value.GetString(), out _))
                    severities[property.Name] = severity;
                else
                    Error(at, $"Severity {property.Value} of rule '{property.Name}' is not \"error\", \"warning\" or \"info\".");
            }
            return severities;
        }

        /// <summary>Whether <paramref name="element"/> is an object (else reports <paramref name="shape"/>); reports every key it does not know.</summary>
        private bool IsObject(JsonElement element, string path, string[] known, string what, string shape)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Error(path, shape);
                return false;
            }
            CheckKeys(element, path, known, what);
            return true;
        }

        private void CheckKeys(JsonElement element, string path, string[] known, string what)
        {
            foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name)))
            {
                Error(path.Length == 0 ? property.Name : $"{path}.{property.Name}",
                    $"'{property.Name}' is not a property of {what}.{Suggestions.DidYouMean(property.Name, known.Where(k => k != "$schema"))} Known: {string.Join(", ", known.Where(k => k != "$schema"))}.");
            }
        }

        private string? String(JsonElement element, string path, string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind == JsonValueKind.String) return value.GetString();
            Error($"{path}.{name}", $"\"{name}\" must be a string; it is {value}.");
            return null;
        }

        private bool? Boolean(JsonElement element, string path, string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
            Error($"{path}.{name}", $"\"{name}\" must be true or false; it is {value}.");
            return null;
        }

        private double? Number(JsonElement element, string path, string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)) return number;
            Error($"{path}.{name}", $"\"{name}\" must be a number; it is {value}.");
            return null;
        }

        private double? Share(JsonElement element, string path, string name)
        {
            var share = Number(element, path, name);
            if (share is < 0 or > 1) Error($"{path}.{name}", $"\"{name}\" is a share of rows between 0 and 1; it is {share.Value.ToString(CultureInfo.InvariantCulture)}.");
            return share;
        }

        private long? Count(JsonElement element, string path, string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count >= 0) return count;
            Error($"{path}.{name}", $"\"{name}\" must be a whole number of rows, 0 or more; it is {value}.");
            return null;
        }

        private IReadOnlyList<string>? Strings(JsonElement element, string path, string name)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
                return value.EnumerateArray().Select(e => e.GetString()!).ToArray();
            Error($"{path}.{name}", $"\"{name}\" must be an array of strings.");
            return null;
        }
    }
}
