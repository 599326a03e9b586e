namespace DataFactory.Inference.Generation;

/// <summary>
/// Tells the engine when a request has enough candidates, while its rows are still decoding: a harvest that needs K
/// verified traces verifies each candidate as it finishes and stops the rest. The engine calls it from the decoding
/// thread, between forward passes, for each candidate of the request that finished in that pass, in candidate
/// order, until it returns true; the request's rows still decoding then leave the batch and are not returned (their
/// tokens are counted in <see cref="ProblemGeneration.AbandonedTokens"/>), and its candidates not yet started are not
/// started. A decoder step's finished candidates depend only on their own lengths, so with per-candidate seeds the
/// same request gets the same candidates whatever shares its batch. Honoured by the ONNX engine's static waves;
/// continuous batching and remote backends generate every candidate asked for.
/// </summary>
public interface IEarlyStop
{
    /// <summary>Hears a finished candidate; true once the request needs no more candidates from this call.</summary>
    /// <param name="finished">The candidate, as the call's result would hold it.</param>
    bool Enough(GeneratedCandidate finished);
}
