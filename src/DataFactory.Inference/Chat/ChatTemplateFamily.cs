namespace DataFactory.Inference.Chat;

/// <summary>The chat formats <see cref="ChatTemplate"/> renders without a Jinja engine.</summary>
public enum ChatTemplateFamily
{
    /// <summary>No template: <c>User: …</c> / <c>Assistant: …</c> lines, generation prompt <c>Assistant:</c>.</summary>
    Plain,

    /// <summary>ChatML (<c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c>): Qwen2, SmolLM2 and others.</summary>
    ChatMl,

    /// <summary>Llama 3 headers (<c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\ncontent&lt;|eot_id|&gt;</c>), with the 3.1+ system preamble when the template has it.</summary>
    Llama3,

    /// <summary>Llama 2 <c>[INST] … [/INST]</c> with a <c>&lt;&lt;SYS&gt;&gt;</c> block.</summary>
    Llama2,

    /// <summary>Phi-3 (<c>&lt;|user|&gt;\ncontent&lt;|end|&gt;\n</c>).</summary>
    Phi3,

    /// <summary>Zephyr (<c>&lt;|user|&gt;\ncontent</c> + EOS + newline).</summary>
    Zephyr,
}
