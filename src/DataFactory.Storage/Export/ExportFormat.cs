namespace DataFactory.Storage.Export;

/// <summary>The shape of each exported JSON line.</summary>
public enum ExportFormat
{
    /// <summary>
    /// <c>{"messages":[{"role":"system",...},{"role":"user",...},{"role":"assistant",...}]}</c>, as TRL,
    /// LLaMA-Factory (sharegpt/openai style) and OpenAI fine-tuning read it; the system turn only when a system prompt is given.
    /// </summary>
    Chat,

    /// <summary><c>{"prompt":...,"completion":...}</c>.</summary>
    PromptCompletion,

    /// <summary>The full record: problem, trace, verifier and the problem's statistics.</summary>
    Raw,

    /// <summary>
    /// Preference pairs within one problem, <c>{"prompt","chosen","rejected"}</c> as TRL's DPO trainer reads
    /// them (conversational: each a list of messages): a verified trace against a rejected candidate.
    /// </summary>
    Preference,

    /// <summary>
    /// Unpaired preference, <c>{"prompt","completion","label"}</c> as TRL's KTO trainer reads it: verified
    /// traces with <c>true</c>, rejected candidates with <c>false</c>.
    /// </summary>
    Kto,

    /// <summary>
    /// <c>{"prompt", "completions": [step, ...], "labels": [bool, ...]}</c> per labelled candidate of label runs, TRL's
    /// stepwise-supervision type (float labels with <see cref="ExportOptions.SoftLabels"/>).
    /// </summary>
    Stepwise,
}
