using System.Text.Json;

namespace Sluice.Http;

/// <summary>
/// Reads the fields of one JSON object, collecting every problem instead of stopping at the first, and rejecting
/// fields it does not know (a typo must not be silently ignored). <see cref="ThrowIfInvalid"/> raises one 422.
/// </summary>
public sealed class FieldReader
{
    private readonly JsonElement _root;
    private readonly string _path;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _errors;
    private readonly List<FieldReader> _nested = [];

    public FieldReader(JsonDocument document)
        : this(document.RootElement, "", new Dictionary<string, List<string>>(StringComparer.Ordinal))
    {
        if (_root.ValueKind != JsonValueKind.Object)
        {
            throw new ProblemException(ProblemTypes.MalformedJson, "The request body must be a JSON object.");
        }
    }

    private FieldReader(JsonElement root, string path, Dictionary<string, List<string>> errors)
    {
        _root = root;
        _path = path;
        _errors = errors;
    }

    public bool Has(string name) => _root.TryGetProperty(name, out _);

    /// <summary>True once any field, here or in a nested object, has been found wrong.</summary>
    public bool HasErrors => _errors.Count > 0;

    /// <summary>Records a problem with a field; nested readers prefix their path (<c>events[3].type</c>).</summary>
    public void Error(string field, string message)
    {
        var key = _path.Length == 0 ? field : $"{_path}.{field}";
        if (!_errors.TryGetValue(key, out var list))
        {
            _errors[key] = list = [];
        }

        list.Add(message);
    }

    /// <summary>The elements of an array field, each to be read as an object with its own reader.</summary>
    public IReadOnlyList<FieldReader>? Objects(string name, int maxCount)
    {
        if (!Take(name, required: true, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0 || value.GetArrayLength() > maxCount)
        {
            Error(name, $"must be an array of 1 to {maxCount} objects");
            return null;
        }

        var readers = new List<FieldReader>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = _path.Length == 0 ? $"{name}[{index}]" : $"{_path}.{name}[{index}]";
            if (item.ValueKind == JsonValueKind.Object)
            {
                readers.Add(Nested(item, path));
            }
            else
            {
                Error($"{name}[{index}]", "must be an object");
            }

            index++;
        }

        return readers;
    }

    /// <summary>Any JSON value, returned as its raw text; at most <paramref name="maxBytes"/> of UTF-8.</summary>
    public string? RawJson(string name, int maxBytes, bool required = false)
    {
        if (!Take(name, required, out var value))
        {
            return null;
        }

        var raw = value.GetRawText();
        if (System.Text.Encoding.UTF8.GetByteCount(raw) > maxBytes)
        {
            Error(name, $"must be at most {maxBytes} bytes of JSON");
            return null;
        }

        return raw;
    }

    /// <summary>An optional RFC 3339 timestamp with an offset, within [<paramref name="earliest"/>, <paramref name="latest"/>].</summary>
    public DateTimeOffset? Timestamp(string name, DateTimeOffset earliest, DateTimeOffset latest)
    {
        if (!Take(name, required: false, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at) && HasOffset(value.GetString()!))
        {
            if (at >= earliest && at <= latest)
            {
                return at;
            }

            Error(name, $"must lie between {earliest:O} and {latest:O}");
            return null;
        }

        Error(name, "must be an RFC 3339 timestamp with an offset, such as 2026-11-23T12:00:00Z");
        return null;
    }

    /// <summary>An optional string matching <paramref name="pattern"/> (described as <paramref name="rule"/> in the error).</summary>
    public string? Token(string name, System.Text.RegularExpressions.Regex pattern, string rule, bool required = false)
    {
        if (!Take(name, required, out var value) || value.ValueKind == JsonValueKind.Null && !Null(name, required))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && pattern.IsMatch(value.GetString()!))
        {
            return value.GetString();
        }

        Error(name, $"must be {rule}");
        return null;
    }

    /// <summary>An optional string; null when absent. Trimmed; must not be blank or hold control characters.</summary>
    public string? String(string name, int maxLength, bool required = false)
    {
        if (!Take(name, required, out var value) || value.ValueKind == JsonValueKind.Null && !Null(name, required))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(name, "must be a string");
            return null;
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0)
        {
            Error(name, "must not be empty");
        }
        else if (text.Length > maxLength)
        {
            Error(name, $"must be at most {maxLength} characters");
        }
        else if (text.Any(char.IsControl))
        {
            Error(name, "must not contain control characters");
        }
        else
        {
            return text;
        }

        return null;
    }

    /// <summary>One of a fixed set of lower-case names mapped to <typeparamref name="TEnum"/>.</summary>
    public TEnum? Enum<TEnum>(string name, bool required = false) where TEnum : struct, Enum
    {
        if (!Take(name, required, out var value) || value.ValueKind == JsonValueKind.Null && !Null(name, required))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && WireEnum.TryParse<TEnum>(value.GetString()!, out var parsed))
        {
            return parsed;
        }

        Error(name, $"must be one of: {string.Join(", ", WireEnum.Names<TEnum>())}");
        return null;
    }

    /// <summary>
    /// An optional whole number in range. <paramref name="explicitNull"/> tells a JSON null (meaning "clear it")
    /// from absence; both return null.
    /// </summary>
    public int? Int(string name, int min, int max, out bool explicitNull)
    {
        explicitNull = false;
        if (!Take(name, required: false, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            explicitNull = true;
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max)
        {
            return number;
        }

        Error(name, $"must be a whole number from {min} to {max}, or null");
        return null;
    }

    /// <summary>An array of names of <typeparamref name="TEnum"/> values, combined as flags; at least one.</summary>
    public TEnum? Flags<TEnum>(string name, bool required = false) where TEnum : struct, Enum
    {
        if (!Take(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            Error(name, $"must be a non-empty array of: {string.Join(", ", WireEnum.Names<TEnum>())}");
            return null;
        }

        ulong combined = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && WireEnum.TryParse<TEnum>(item.GetString()!, out var flag))
            {
                combined |= Convert.ToUInt64(flag, System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                Error(name, $"holds '{item}', which is not one of: {string.Join(", ", WireEnum.Names<TEnum>())}");
                return null;
            }
        }

        return (TEnum)System.Enum.ToObject(typeof(TEnum), combined);
    }

    /// <summary>Raises a 422 (of <paramref name="type"/>, by default validation-failed) listing every bad or unknown field.</summary>
    public void ThrowIfInvalid(ProblemType? type = null)
    {
        RejectUnknownFields();

        if (_errors.Count > 0)
        {
            var summary = string.Join("; ", _errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}"));
            throw new ProblemException(new Problem(type ?? ProblemTypes.ValidationFailed, summary)
            {
                Extensions = new Dictionary<string, object?> { ["errors"] = _errors },
            });
        }
    }

    private void RejectUnknownFields()
    {
        foreach (var property in _root.EnumerateObject())
        {
            if (!_known.Contains(property.Name))
            {
                Error(property.Name, "is not a known field");
            }
        }

        foreach (var nested in _nested)
        {
            nested.RejectUnknownFields();
        }
    }

    private FieldReader Nested(JsonElement element, string path)
    {
        var reader = new FieldReader(element, path, _errors);
        _nested.Add(reader);
        return reader;
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':';

    private bool Take(string name, bool required, out JsonElement value)
    {
        _known.Add(name);
        if (_root.TryGetProperty(name, out value))
        {
            return true;
        }

        if (required)
        {
            Error(name, "is required");
        }

        return false;
    }

    private bool Null(string name, bool required)
    {
        if (required)
        {
            Error(name, "must not be null");
        }

        return false;
    }
}
