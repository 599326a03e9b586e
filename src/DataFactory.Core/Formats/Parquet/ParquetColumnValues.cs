using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace DataFactory.Core.Formats.Parquet;

/// <summary>One column of one row group, read whole, written field by field into the rows' JSON objects.</summary>
internal abstract class ParquetColumnValues(string name)
{
    protected JsonEncodedText Name { get; } = JsonEncodedText.Encode(name);

    public static bool IsSupported(DataField field) =>
        IsText(field) || field.ClrType == typeof(bool) || field.ClrType == typeof(int) ||
        field.ClrType == typeof(long) || field.ClrType == typeof(short) || field.ClrType == typeof(sbyte) ||
        field.ClrType == typeof(byte) || field.ClrType == typeof(ushort) || field.ClrType == typeof(uint) ||
        field.ClrType == typeof(float) || field.ClrType == typeof(double);

    /// <summary>Writes the row's value as a property; a null value is left out (as JSON Lines' null counts as absent).</summary>
    public abstract void Write(Utf8JsonWriter json, int row);

    public static async Task<ParquetColumnValues> ReadAsync(
        ParquetRowGroupReader group, (DataField Field, string Name) column, int rows, CancellationToken cancellationToken)
    {
        var (field, name) = column;
        if (IsText(field))
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory()!, null, cancellationToken);
            return new Strings(name, values);
        }

        if (field.ClrType == typeof(bool))
        {
            var values = await ReadAsync<bool>(group, field, rows, cancellationToken);
            return new Values<bool>(name, values, static (json, value) => json.WriteBooleanValue(value));
        }

        if (field.ClrType == typeof(float) || field.ClrType == typeof(double))
        {
            var values = field.ClrType == typeof(float)
                ? Array.ConvertAll(await ReadAsync<float>(group, field, rows, cancellationToken), v => v is { } f ? (double?)f : null)
                : await ReadAsync<double>(group, field, rows, cancellationToken);
            return new Values<double>(name, values, static (json, value) => json.WriteNumberValue(value));
        }

        var integers = field.ClrType switch
        {
            var t when t == typeof(long) => await ReadAsync<long>(group, field, rows, cancellationToken),
            var t when t == typeof(int) => Widen(await ReadAsync<int>(group, field, rows, cancellationToken), v => v),
            var t when t == typeof(short) => Widen(await ReadAsync<short>(group, field, rows, cancellationToken), v => v),
            var t when t == typeof(sbyte) => Widen(await ReadAsync<sbyte>(group, field, rows, cancellationToken), v => v),
            var t when t == typeof(byte) => Widen(await ReadAsync<byte>(group, field, rows, cancellationToken), v => v),
            var t when t == typeof(ushort) => Widen(await ReadAsync<ushort>(group, field, rows, cancellationToken), v => v),
            var t when t == typeof(uint) => Widen(await ReadAsync<uint>(group, field, rows, cancellationToken), v => v),
            _ => throw new NotSupportedException($"Column '{field.Name}' has type {field.ClrType.Name}."),
        };
        return new Values<long>(name, integers, static (json, value) => json.WriteNumberValue(value));
    }

    // Parquet.Net describes UTF-8 columns as ReadOnlyMemory<char> (or string) and reads them as strings.
    private static bool IsText(DataField field) => field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>);

    private static long?[] Widen<T>(T?[] values, Func<T, long> widen)
        where T : struct =>
        Array.ConvertAll(values, v => v is { } x ? widen(x) : (long?)null);

    private static async Task<T?[]> ReadAsync<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[rows];
        if (field.IsNullable)
        {
            await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken);
            return values;
        }

        var required = new T[rows];
        await group.ReadAsync<T>(field, required.AsMemory(), null, cancellationToken);
        for (var i = 0; i < rows; i++)
        {
            values[i] = required[i];
        }

        return values;
    }

    private sealed class Strings(string name, string?[] values) : ParquetColumnValues(name)
    {
        public override void Write(Utf8JsonWriter json, int row)
        {
            if (values[row] is { } value)
            {
                json.WriteString(Name, value);
            }
        }
    }

    private sealed class Values<T>(string name, T?[] values, Action<Utf8JsonWriter, T> write) : ParquetColumnValues(name)
        where T : struct
    {
        public override void Write(Utf8JsonWriter json, int row)
        {
            if (values[row] is { } value)
            {
                json.WritePropertyName(Name);
                write(json, value);
            }
        }
    }
}
