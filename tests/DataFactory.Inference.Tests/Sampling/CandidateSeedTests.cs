using DataFactory.Inference.Sampling;

namespace DataFactory.Inference.Tests.Sampling;

public sealed class CandidateSeedTests
{
    [Fact]
    public void Hashes_the_problem_id_with_fnv1a_over_utf8()
    {
        // Published FNV-1a 64 test vectors.
        Assert.Equal(0xCBF29CE484222325UL, CandidateSeed.Fnv1a(""));
        Assert.Equal(0xAF63DC4C8601EC8CUL, CandidateSeed.Fnv1a("a"));
        Assert.Equal(0x85944171F73967E8UL, CandidateSeed.Fnv1a("foobar"));
    }

    [Fact]
    public void Seed_is_a_pure_function_of_run_seed_problem_and_candidate()
    {
        var seed = CandidateSeed.Derive(1234, "gsm8k/17", 3);

        Assert.Equal(seed, CandidateSeed.Derive(1234, "gsm8k/17", 3));
        Assert.NotEqual(seed, CandidateSeed.Derive(1234, "gsm8k/17", 4));
        Assert.NotEqual(seed, CandidateSeed.Derive(1235, "gsm8k/17", 3));
        Assert.NotEqual(seed, CandidateSeed.Derive(1234, "gsm8k/18", 3));
    }

    [Fact]
    public void Xoshiro_streams_repeat_for_a_seed_and_stay_in_the_unit_interval()
    {
        var a = new Xoshiro256(7);
        var b = new Xoshiro256(7);
        for (var i = 0; i < 1000; i++)
        {
            var x = a.NextDouble();
            Assert.Equal(x, b.NextDouble());
            Assert.InRange(x, 0.0, 0.9999999999);
        }
    }
}
