namespace DataFactory.Core.Formats;

/// <summary>A field of one line is invalid; the reader turns it into an <see cref="ImportError"/> for that line.</summary>
internal sealed class InvalidFieldException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
