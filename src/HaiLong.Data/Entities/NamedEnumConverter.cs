using System.Text.Json.Serialization;

namespace HaiLong.Data.Entities;

/// <summary>
/// JSON carries an enum member by its name only (read case-insensitively). The framework's converter also accepts numbers,
/// which let <c>"level": 123</c> through as an undefined member that failed deep inside (a 500); refusing them at the
/// boundary makes it a 400 naming the field, and the OpenAPI document's <c>enum</c> list is the whole truth.
/// </summary>
public sealed class NamedEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
