using DataFactory.Core.Verification;

namespace DataFactory.Storage.Writing;

/// <summary>A candidate the verifier did not accept, to be kept by a run that keeps rejected candidates.</summary>
/// <param name="Text">The full model output.</param>
/// <param name="Verdict">The verifier's verdict: incorrect or unparseable.</param>
/// <param name="Verifier">The name of the verifier that judged it (math, game24, ...).</param>
/// <param name="VerifierVersion">That verifier's revision.</param>
/// <param name="TokenCount">Tokens in the text.</param>
public sealed record RejectedCandidate(string Text, Verdict Verdict, string Verifier, int VerifierVersion, int TokenCount);
