namespace DataFactory.Inference.Backends.OpenAi;

/// <summary>The model an OpenAI-compatible server serves, as its <c>/v1/models</c> lists it.</summary>
/// <param name="Name">The model id to send in requests.</param>
/// <param name="Fingerprint">
/// What identifies it for runs and queues: the fingerprint the server states (<c>datafactory serve</c> states the
/// model folder's, so runs created for that folder are served by either backend), or SHA-256 over the id, root,
/// context length and the pinned revision.
/// </param>
/// <param name="Root">Where the server loaded it from (vLLM and SGLang <c>root</c>), or the id.</param>
/// <param name="ContextLength">The server's <c>max_model_len</c>, when it says.</param>
public sealed record ServedModelIdentity(string Name, string Fingerprint, string Root, int? ContextLength);
