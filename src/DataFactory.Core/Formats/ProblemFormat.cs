namespace DataFactory.Core.Formats;

/// <summary>The layout of a JSON Lines problem file; see <see cref="ProblemFormats"/> for the wire names.</summary>
public enum ProblemFormat
{
    /// <summary>Detect the format from the fields of the first problem line.</summary>
    Auto,

    /// <summary>The generic schema: <c>{id, prompt, kind, answer?, options?, numbers?, target?, tests?, metadata?}</c>.</summary>
    Generic,

    /// <summary>GSM8K: <c>{question, answer}</c>, the gold answer after the last <c>####</c>.</summary>
    Gsm8k,

    /// <summary>MATH: <c>{problem, solution, answer?}</c>, the gold answer in the last <c>\boxed{}</c>.</summary>
    Math,

    /// <summary>The 24 game: <c>{numbers}</c>, four numbers, target 24.</summary>
    Game24,

    /// <summary>Countdown: <c>{numbers, target}</c>.</summary>
    Countdown,

    /// <summary>The letter-pair cipher: <c>{ciphertext, plaintext}</c>.</summary>
    Cipher,
}
