using DataFactory.Core.Extraction;

namespace DataFactory.Core.Tests.Extraction;

public sealed class CodeBlockTests
{
    [Fact]
    public void Takes_the_last_python_block()
    {
        const string answer = "First try:\n```python\nprint(1)\n```\nBetter:\n```python\nprint(2)\n```\nDone.";
        Assert.Equal("print(2)", CodeBlock.Extract(answer));
    }

    [Fact]
    public void A_python_block_wins_over_a_later_untagged_or_other_language_block()
    {
        const string answer = "```python\ndef f():\n    return 1\n```\nOutput:\n```\n1\n```\n```bash\npython f.py\n```";
        Assert.Equal("def f():\n    return 1", CodeBlock.Extract(answer));
    }

    [Theory]
    [InlineData("```py\nx = 1\n```")]
    [InlineData("```Python3\nx = 1\n```")]
    [InlineData("```PY3 title=\"solution\"\nx = 1\n```")]
    [InlineData("~~~python\nx = 1\n~~~")]
    [InlineData("   ```python\nx = 1\n   ```")]
    [InlineData("```python\r\nx = 1\r\n```\r\n")]
    public void Recognises_python_tags_and_fence_forms(string answer)
    {
        Assert.Equal("x = 1", CodeBlock.Extract(answer));
    }

    [Fact]
    public void Without_a_python_block_takes_the_last_untagged_block()
    {
        Assert.Equal("y = 2", CodeBlock.Extract("```\nx = 1\n```\nthen\n```\ny = 2\n```\n```text\nnot code\n```"));
    }

    [Fact]
    public void An_answer_without_fences_is_code_as_a_whole()
    {
        const string answer = "def add(a, b):\n    return a + b\n";
        Assert.Equal(answer, CodeBlock.Extract(answer));
    }

    [Fact]
    public void Fences_of_other_languages_only_give_no_code()
    {
        Assert.Null(CodeBlock.Extract("Run this:\n```bash\necho hi\n```\n"));
    }

    [Fact]
    public void A_block_cut_off_by_the_token_limit_runs_to_the_end()
    {
        Assert.Equal("def f():\n    return", CodeBlock.Extract("Here:\n```python\ndef f():\n    return"));
    }

    [Fact]
    public void A_longer_fence_keeps_shorter_fences_inside_as_code()
    {
        const string answer = "````python\ns = '''\n```\n'''\n````";
        Assert.Equal("s = '''\n```\n'''", CodeBlock.Extract(answer));
    }

    [Fact]
    public void Inline_triple_backticks_are_not_a_fence()
    {
        const string answer = "Use ```x``` here.\nx = 1";
        Assert.Equal(answer, CodeBlock.Extract(answer));
    }

    [Fact]
    public void An_empty_block_gives_empty_code()
    {
        Assert.Equal(string.Empty, CodeBlock.Extract("```python\n```"));
    }

    [Fact]
    public void Handles_a_huge_answer_of_many_blocks_and_a_giant_fence()
    {
        var answer = string.Concat(Enumerable.Repeat("```python\nx = 1\n```\n", 50_000)) + new string('`', 1_000_000) + "\ny = 2";
        Assert.Equal("x = 1", CodeBlock.Extract(answer));
    }
}
