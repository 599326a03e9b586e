namespace DataFactory.Inference.Tests.Backends.OpenAi;

/// <summary>
/// Answers in the shapes vLLM and SGLang document for their OpenAI-compatible servers (vLLM's
/// <c>protocol.py</c>: <c>CompletionResponse</c> with <c>stop_reason</c>, <c>ChatCompletionResponse</c> with
/// <c>reasoning_content</c>, <c>ErrorResponse</c>; SGLang's <c>openai_api/protocol.py</c>: <c>matched_stop</c>,
/// the flat error object), written by hand from those schemas.
/// </summary>
internal static class RecordedBodies
{
    public const string VllmModels = """
        {"object":"list","data":[{"id":"Qwen/Qwen3-8B","object":"model","created":1733480000,"owned_by":"vllm","root":"/models/qwen3-8b","parent":null,"max_model_len":32768,"permission":[{"id":"modelperm-1","object":"model_permission","created":1733480000,"allow_create_engine":false,"allow_sampling":true,"allow_logprobs":true,"allow_search_indices":false,"allow_view":true,"allow_fine_tuning":false,"organization":"*","group":null,"is_blocking":false}]}]}
        """;

    public const string VllmModelsRestarted = """
        {"object":"list","data":[{"id":"Qwen/Qwen3-8B","object":"model","created":1799999999,"owned_by":"vllm","root":"/models/qwen3-8b","parent":null,"max_model_len":32768,"permission":[]}]}
        """;

    public const string SglangModels = """
        {"object":"list","data":[{"id":"deepseek-ai/DeepSeek-R1-Distill-Qwen-7B","object":"model","created":1733480000,"owned_by":"sglang","root":"deepseek-ai/DeepSeek-R1-Distill-Qwen-7B","max_model_len":131072}]}
        """;

    public const string TwoModels = """
        {"object":"list","data":[{"id":"a","object":"model","owned_by":"vllm","root":"a"},{"id":"b","object":"model","owned_by":"vllm","root":"b"}]}
        """;

    /// <summary>vLLM /v1/completions, n = 2, logprobs = 1: one candidate ended on a stop string, one at EOS.</summary>
    public const string VllmCompletionsTwoChoices = """
        {"id":"cmpl-9a1","object":"text_completion","created":1733480001,"model":"Qwen/Qwen3-8B","choices":[
         {"index":0,"text":"12 + 30 = 42. The answer is 42.","logprobs":{"text_offset":[0,2,4],"token_logprobs":[-0.5,-0.25,-0.25],"tokens":["12"," +"," 30"],"top_logprobs":[{"12":-0.5},{" +":-0.25},{" 30":-0.25}]},"finish_reason":"stop","stop_reason":"\n\n","prompt_logprobs":null},
         {"index":1,"text":"30 + 12 is 42.","logprobs":{"text_offset":[0,2],"token_logprobs":[-1.0,-0.5],"tokens":["30"," +"],"top_logprobs":[{"30":-1.0},{" +":-0.5}]},"finish_reason":"stop","stop_reason":null,"prompt_logprobs":null}],
         "usage":{"prompt_tokens":21,"total_tokens":26,"completion_tokens":5,"prompt_tokens_details":null},"system_fingerprint":null}
        """;

    /// <summary>vLLM /v1/completions, n = 1, cut at max_tokens.</summary>
    public const string VllmCompletionLength = """
        {"id":"cmpl-9a2","object":"text_completion","created":1733480002,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"text":"Let me think step by step: 12 + 30","logprobs":null,"finish_reason":"length","stop_reason":null}],"usage":{"prompt_tokens":21,"total_tokens":37,"completion_tokens":16}}
        """;

    /// <summary>A completion with n = 2 and no usage (some proxies and older servers leave it out).</summary>
    public const string CompletionsWithoutUsage = """
        {"id":"cmpl-9a3","object":"text_completion","created":1733480003,"model":"Qwen/Qwen3-8B","choices":[{"index":1,"text":"abcdefgh","finish_reason":"stop"},{"index":0,"text":"abcd","finish_reason":"stop"}]}
        """;

    /// <summary>SGLang /v1/chat/completions with its reasoning parser: the chain in reasoning_content, matched_stop the EOS id.</summary>
    public const string SglangChatReasoning = """
        {"id":"a1b2","object":"chat.completion","created":1733480004,"model":"deepseek-ai/DeepSeek-R1-Distill-Qwen-7B","choices":[{"index":0,"message":{"role":"assistant","content":"The answer is 42.","reasoning_content":"12 + 30 = 42.\n","tool_calls":null},"logprobs":{"content":[{"token":"The","logprob":-0.1,"bytes":[84,104,101],"top_logprobs":[]},{"token":" answer","logprob":-0.2,"bytes":null,"top_logprobs":[]}]},"finish_reason":"stop","matched_stop":151643}],"usage":{"prompt_tokens":15,"total_tokens":35,"completion_tokens":20,"prompt_tokens_details":null}}
        """;

    /// <summary>vLLM /v1/chat/completions without a reasoning parser: the model's own think block in content.</summary>
    public const string VllmChatThinkInContent = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1733480005,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"message":{"role":"assistant","reasoning_content":null,"content":"<think>\n6 * 7 = 42\n</think>\n\nThe answer is 42.","tool_calls":[]},"logprobs":null,"finish_reason":"stop","stop_reason":null}],"usage":{"prompt_tokens":12,"total_tokens":30,"completion_tokens":18}}
        """;

    /// <summary>vLLM's ErrorResponse (before 0.10): flat.</summary>
    public const string VllmFlatError = """
        {"object":"error","message":"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4000 in the messages, 1000 in the completion). Please reduce the length of the messages or completion.","type":"BadRequestError","param":null,"code":400}
        """;

    /// <summary>OpenAI's and newer vLLM's nested error object.</summary>
    public const string NestedNotFound = """
        {"error":{"message":"The model `Qwen/Qwen3-4B` does not exist.","type":"NotFoundError","param":null,"code":404}}
        """;

    /// <summary>SGLang overloaded.</summary>
    public const string SglangOverloaded = """
        {"object":"error","message":"The server is overloaded; retry later.","type":"ServiceUnavailableError","param":null,"code":503}
        """;

    public static string CompletionFor(int index, string text, int tokens) =>
        $$$"""{"id":"cmpl-{{{index}}}","object":"text_completion","created":1,"model":"Qwen/Qwen3-8B","choices":[{"index":0,"text":"{{{text}}}","finish_reason":"stop","stop_reason":null}],"usage":{"prompt_tokens":21,"completion_tokens":{{{tokens}}},"total_tokens":{{{21 + tokens}}}}}""";
}

