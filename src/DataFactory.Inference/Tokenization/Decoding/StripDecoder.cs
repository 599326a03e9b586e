namespace DataFactory.Inference.Tokenization.Decoding;

/// <summary>tokenizer.json decoder <c>Strip</c>: up to start/stop copies of a character off each token's ends.</summary>
internal sealed class StripDecoder(char content, int start, int stop) : TokenDecoderStep
{
    public override void Decode(List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var head = 0;
            while (head < start && head < token.Length && token[head] == content)
            {
                head++;
            }

            var tail = token.Length;
            for (var n = 0; n < stop && tail > head && token[tail - 1] == content; n++)
            {
                tail--;
            }

            if (head > 0 || tail < token.Length)
            {
                tokens[i] = token[head..tail];
            }
        }
    }
}
