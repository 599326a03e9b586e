using DataFactory.Core.Consensus;
using DataFactory.Core.Problems;
using DataFactory.Core.Verification;

namespace DataFactory.Core.Tests.Consensus;

public sealed class ConsensusVoteTests
{
    private static readonly VerifierRegistry Verifiers = VerifierRegistry.CreateDefault();

    private static ConsensusVote Vote(TaskKind kind, IReadOnlyList<string>? options = null) =>
        new(Verifiers.For(kind), new Problem { Id = "p", Prompt = "?", Kind = kind, Options = options });

    private static ConsensusVote Cast(ConsensusVote vote, params string[] candidates)
    {
        for (var i = 0; i < candidates.Length; i++)
        {
            vote.Add(i, candidates[i]);
        }

        return vote;
    }

    [Fact]
    public void Math_answers_equal_by_value_are_one_group_whatever_their_text()
    {
        var vote = Cast(Vote(TaskKind.Math), "So it is 1/2.\nFinal answer: 1/2", "Final answer: 0.5", @"\boxed{\frac{1}{2}}", "Final answer: 2");

        var groups = vote.Groups;
        Assert.Equal(2, groups.Count);
        Assert.Equal([0, 1, 2], groups[0].Members);
        Assert.Equal([3], groups[1].Members);
    }

    [Fact]
    public void Exact_answers_group_after_the_verifiers_normalisation_and_not_across_different_words()
    {
        var vote = Cast(Vote(TaskKind.Exact), "Final answer: Paris", "Final answer: paris.", "Final answer: \"PARIS\"", "Final answer: Lyon");

        Assert.Equal([0, 1, 2], vote.Groups[0].Members);
        Assert.Equal("Lyon", vote.Groups[1].Answer);
    }

    [Fact]
    public void Multiple_choice_letters_and_option_texts_of_the_same_option_are_one_group_labelled_by_the_letter()
    {
        var vote = Cast(Vote(TaskKind.MultipleChoice, ["12", "42", "7"]), "Final answer: B", "The answer is (B)", "Final answer: 42", "Final answer: A");

        var label = vote.Majority(ConsensusSettings.Default);
        Assert.NotNull(label);
        Assert.Equal("B", label.Answer);
        Assert.Equal(3, label.Votes);
        Assert.True(label.Reached);
    }

    [Fact]
    public void A_candidate_without_an_answer_abstains_but_counts_toward_the_share()
    {
        var vote = Vote(TaskKind.Math);
        Assert.Equal(-1, vote.Add(0, "   "));
        Assert.Equal(0, vote.Add(1, "Final answer: 7"));
        Assert.Equal(-1, vote.Add(2, "I do not know."));

        Assert.Equal(3, vote.Candidates);
        var label = vote.Majority(ConsensusSettings.Default with { MinVotes = 1 });
        Assert.NotNull(label);
        Assert.Equal(1.0 / 3, label.Share, 9);
        Assert.False(label.Reached);
    }

    [Fact]
    public void No_answer_at_all_gives_no_majority()
    {
        var vote = Cast(Vote(TaskKind.Math), "no idea", "");
        Assert.Null(vote.Majority(ConsensusSettings.Default));
    }

    [Theory]
    [InlineData(new[] { "5", "5", "5", "6" }, 3, 0.5, true)]     // 3 votes, 75 %
    [InlineData(new[] { "5", "5", "6", "7" }, 3, 0.5, false)]    // 2 votes: under min-votes
    [InlineData(new[] { "5", "5", "6", "7" }, 2, 0.5, true)]     // 2 of 4 reaches 0.5 exactly
    [InlineData(new[] { "5", "5", "5", "6", "7", "8", "9" }, 3, 0.5, false)] // 3 of 7: under min-share
    [InlineData(new[] { "5", "5", "5", "6", "6", "6" }, 1, 0, false)] // a tie labels nothing
    public void The_majority_labels_the_problem_only_at_both_thresholds_and_without_a_tie(string[] answers, int minVotes, double minShare, bool reached)
    {
        var vote = Cast(Vote(TaskKind.Math), [.. answers.Select(a => "Final answer: " + a)]);

        var label = vote.Majority(new ConsensusSettings { MinVotes = minVotes, MinShare = minShare });

        Assert.NotNull(label);
        Assert.Equal("5", label.Answer);
        Assert.Equal(reached, label.Reached);
    }

    [Fact]
    public void The_labelled_problem_verifies_the_agreeing_candidates()
    {
        var vote = Cast(Vote(TaskKind.Math), "Final answer: 0.25", "Final answer: 1/4", "Final answer: 3");
        var label = vote.Majority(ConsensusSettings.Default with { MinVotes = 2 })!;

        var labelled = vote.Labelled(label);
        Assert.True(Verifiers.Verify(labelled, @"\boxed{\frac14}").IsCorrect);
        Assert.False(Verifiers.Verify(labelled, "Final answer: 3").IsCorrect);
    }

    [Fact]
    public void Rounds_added_one_after_the_other_give_the_groups_of_one_pass()
    {
        string[] answers = ["Final answer: 4", "Final answer: 8/2", "Final answer: 5", "Final answer: 4.0", "Final answer: 10/2"];
        var once = Cast(Vote(TaskKind.Math), answers);
        var inRounds = Vote(TaskKind.Math);
        inRounds.Add(0, answers[0]);
        inRounds.Add(1, answers[1]);
        for (var i = 2; i < answers.Length; i++)
        {
            inRounds.Add(i, answers[i]);
        }

        Assert.Equal(once.Groups.Select(g => g.Members.ToArray()), inRounds.Groups.Select(g => g.Members.ToArray()));
        Assert.Equal([[0, 1, 3], [2, 4]], once.Groups.Select(g => g.Members.ToArray()));
    }

    [Theory]
    [InlineData(TaskKind.Math, true)]
    [InlineData(TaskKind.Exact, true)]
    [InlineData(TaskKind.MultipleChoice, true)]
    [InlineData(TaskKind.Game24, false)]
    [InlineData(TaskKind.Countdown, false)]
    [InlineData(TaskKind.Cipher, false)]
    [InlineData(TaskKind.Code, false)]
    public void Only_math_exact_and_multiple_choice_are_voted_on(TaskKind kind, bool supported) =>
        Assert.Equal(supported, ConsensusVote.Supports(kind));

    [Fact]
    public void A_problem_with_a_gold_answer_is_not_voted_on()
    {
        Assert.False(ConsensusVote.Applies(new Problem { Id = "p", Prompt = "?", Kind = TaskKind.Math, Answer = "3" }));
        Assert.True(ConsensusVote.Applies(new Problem { Id = "p", Prompt = "?", Kind = TaskKind.Math }));
    }

    [Theory]
    [InlineData(0, 0.5, "--min-votes must be at least 1")]
    [InlineData(3, -0.1, "--min-share must be between 0 and 1")]
    [InlineData(3, 1.5, "--min-share must be between 0 and 1")]
    [InlineData(3, double.NaN, "--min-share must be between 0 and 1")]
    public void Bad_thresholds_name_their_flag(int votes, double share, string message) =>
        Assert.Equal(message, new ConsensusSettings { MinVotes = votes, MinShare = share }.Validate());
}
