namespace DataFactory.Core.Problems;

/// <summary>The kind of task a problem poses; it selects the verifier.</summary>
public enum TaskKind
{
    /// <summary>A math problem with a final answer compared by mathematical equivalence.</summary>
    Math,

    /// <summary>A free-text answer compared after normalisation (whitespace, optionally case).</summary>
    Exact,

    /// <summary>Multiple choice: the answer is an option letter or the option's text.</summary>
    MultipleChoice,

    /// <summary>The 24 game: four numbers, any valid expression reaching 24.</summary>
    Game24,

    /// <summary>Countdown: numbers and a target, any valid expression reaching the target.</summary>
    Countdown,

    /// <summary>A cipher whose decoded plaintext is compared after normalisation.</summary>
    Cipher,

    /// <summary>Code checked by running unit tests in a sandbox.</summary>
    Code,
}
