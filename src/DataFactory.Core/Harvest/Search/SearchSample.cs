namespace DataFactory.Core.Harvest.Search;

/// <summary>One continuation the backend returned for a <see cref="SearchAsk"/>, with its verdict when it ended the chain.</summary>
/// <param name="Index">Its candidate index.</param>
/// <param name="Text">The continuation alone (not the prefix); a step is cut before its end (the backend's stop string).</param>
/// <param name="Tokens">Tokens generated for it.</param>
/// <param name="Ended">True when the chain ended (end of sequence or the token limit), not at a step's end.</param>
/// <param name="Verified">True when the chain ended and the verifier accepted prefix plus continuation.</param>
public sealed record SearchSample(int Index, string Text, int Tokens, bool Ended, bool Verified);
