namespace DataFactory.Core.Verification.Exact;

/// <summary>How <see cref="ExactMatchVerifier"/> normalises the gold and the extracted answer before comparing them.</summary>
public sealed record ExactMatchOptions
{
    /// <summary>The defaults: case-insensitive, whitespace collapsed, punctuation and markup trimmed.</summary>
    public static ExactMatchOptions Default { get; } = new();

    /// <summary>Compare letters case-sensitively (default false).</summary>
    public bool CaseSensitive { get; init; }

    /// <summary>Trim and collapse every run of whitespace to one space (default true).</summary>
    public bool CollapseWhitespace { get; init; } = true;

    /// <summary>
    /// Drop surrounding quotes and trailing sentence punctuation (<c>. , ; : ! ?</c>), so that
    /// <c>"Paris".</c> matches <c>Paris</c> (default true). Inner punctuation always counts.
    /// </summary>
    public bool TrimPunctuation { get; init; } = true;

    /// <summary>
    /// Unwrap markup around the whole answer: <c>$…$</c>, <c>\(…\)</c>, <c>\text{…}</c> and similar,
    /// <c>**…**</c> and backticks (default true).
    /// </summary>
    public bool UnwrapMarkup { get; init; } = true;
}
