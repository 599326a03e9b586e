namespace DataFactory.Storage.Schema;

/// <summary>A row of <c>evaluations</c>: one <c>datafactory eval</c> of a model on a held-out set.</summary>
public sealed class EvaluationEntity
{
    /// <summary>The evaluation's id.</summary>
    public Guid Id { get; set; }

    /// <summary>The model evaluated.</summary>
    public Guid ModelId { get; set; }

    /// <summary>What was evaluated: <c>set:NAME</c> or the file's full path.</summary>
    public required string Source { get; set; }

    /// <summary>Problems evaluated.</summary>
    public int Problems { get; set; }

    /// <summary>Samples, seed, temperature and token limit, as JSON (jsonb on PostgreSQL).</summary>
    public required string Settings { get; set; }

    /// <summary>The figures per task kind, as JSON: one object per kind with problems, pass@1, pass@k and greedy.</summary>
    public required string Figures { get; set; }

    /// <summary>The mean of the task kinds' pass@1 (each kind counts once).</summary>
    public double MeanPassAt1 { get; set; }

    /// <summary>Evaluated problems that share content with problems the model's lineage was trained on.</summary>
    public int SharedWithTraining { get; set; }

    /// <summary>When the evaluation finished.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
