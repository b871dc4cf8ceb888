using System.Globalization;
using System.Text.Json;

namespace Partitioner.Core.GeoJson;

/// <summary>Number formatting that keeps field types stable for GIS readers.</summary>
internal static class JsonValues
{
    /// <summary>Writes a real number that always carries a decimal point (so readers type the field as real); NaN/∞ as null.</summary>
    public static void WriteReal(Utf8JsonWriter w, string name, double v, int decimals = 6)
    {
        if (!double.IsFinite(v)) { w.WriteNull(name); return; }
        w.WritePropertyName(name);
        WriteReal(w, v, decimals);
    }

    public static void WriteReal(Utf8JsonWriter w, double v, int decimals = 6)
    {
        if (!double.IsFinite(v)) { w.WriteNullValue(); return; }
        var s = Math.Round(v, decimals).ToString("0.0" + new string('#', Math.Max(0, decimals - 1)), CultureInfo.InvariantCulture);
        w.WriteRawValue(s, skipInputValidation: true);
    }

    /// <summary>Writes a pass-through property with its own type.</summary>
    public static void WriteValue(Utf8JsonWriter w, string name, object? value)
    {
        switch (value)
        {
            case null: w.WriteNull(name); break;
            case double d: WriteReal(w, name, d, 10); break;
            case bool b: w.WriteBoolean(name, b); break;
            case int i: w.WriteNumber(name, i); break;
            case long l: w.WriteNumber(name, l); break;
            default: w.WriteString(name, value.ToString()); break;
        }
    }
}
