namespace DataFactory.Core.Formats;

/// <summary>
/// One physical line of a JSON Lines file without its line break. <see cref="Bytes"/> is valid only
/// until the next read. A line longer than the limit carries no bytes, only its length.
/// </summary>
internal readonly record struct RawLine(int Number, ReadOnlyMemory<byte> Bytes, bool TooLong, long Length);
