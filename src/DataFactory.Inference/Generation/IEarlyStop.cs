namespace DataFactory.Inference.Generation;

/// <summary>
/// Tells the engine when a request has enough candidates, while its rows are still decoding: a harvest that needs K
/// verified traces verifies each candidate as it finishes and stops the rest. The engine calls it from the decoding
/// thread, between forward passes, for each candidate of the request that finished in that pass, in candidate
/// order, until it returns true; the request's rows still decoding then leave the batch and are not returned (their
/// tokens are counted in <see cref="ProblemGeneration.AbandonedTokens"/>), and its candidates not yet started are not
/// started. In the static waves a request's rows start together, so which have finished at a step depends only on
/// their own lengths: with per-candidate seeds the same request stops at the same candidates whatever shares its
/// batch, as far as the candidates are the same (the batch's rows and padding can change a logit in its last bits,
/// and so, rarely, a sampled token at a near-tie: the README's Seeds paragraph has the measured case). Honoured by the
/// ONNX engine's static waves and continuous batching; remote backends generate every candidate asked for.
/// </summary>
public interface IEarlyStop
{
    /// <summary>Hears a finished candidate; true once the request needs no more candidates from this call.</summary>
    /// <param name="finished">The candidate, as the call's result would hold it.</param>
    bool Enough(GeneratedCandidate finished);
}
