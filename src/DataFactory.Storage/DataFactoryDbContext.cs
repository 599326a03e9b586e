using DataFactory.Storage.Schema;
using Microsoft.EntityFrameworkCore;

namespace DataFactory.Storage;

/// <summary>
/// The store's EF Core context (schema in ARCHITECTURE §3). The schema is created and changed only
/// through the migrations under <c>migrations/</c>, one set per provider.
/// </summary>
public sealed class DataFactoryDbContext(DbContextOptions<DataFactoryDbContext> options) : DbContext(options)
{
    /// <summary>Named problem sets.</summary>
    public DbSet<ProblemSetEntity> ProblemSets => Set<ProblemSetEntity>();

    /// <summary>Imported problems.</summary>
    public DbSet<ProblemEntity> Problems => Set<ProblemEntity>();

    /// <summary>Generation runs with their counters.</summary>
    public DbSet<RunEntity> Runs => Set<RunEntity>();

    /// <summary>Per run and problem statistics; the idempotency key of the pipeline's writes.</summary>
    public DbSet<ProblemAttemptEntity> ProblemAttempts => Set<ProblemAttemptEntity>();

    /// <summary>Verified traces.</summary>
    public DbSet<TraceEntity> Traces => Set<TraceEntity>();

    /// <summary>Models run, evaluated or trained, with their lineage.</summary>
    public DbSet<ModelEntity> Models => Set<ModelEntity>();

    /// <summary>Evaluations of models on held-out sets.</summary>
    public DbSet<EvaluationEntity> Evaluations => Set<EvaluationEntity>();

    /// <summary>Candidates the verifier rejected, kept by runs that ask for them.</summary>
    public DbSet<RejectedCandidateEntity> RejectedCandidates => Set<RejectedCandidateEntity>();

    /// <summary>Step labels of label runs.</summary>
    public DbSet<StepLabelEntity> StepLabels => Set<StepLabelEntity>();

    /// <summary>True when the context talks to PostgreSQL, false for SQLite.</summary>
    internal bool IsPostgres => Database.IsNpgsql();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // JSON documents are jsonb on PostgreSQL and plain text on SQLite.
        var json = IsPostgres ? "jsonb" : null;
        modelBuilder.ApplyConfiguration(new ProblemSetConfiguration());
        modelBuilder.ApplyConfiguration(new ProblemConfiguration(json));
        modelBuilder.ApplyConfiguration(new RunConfiguration(json));
        modelBuilder.ApplyConfiguration(new ProblemAttemptConfiguration());
        modelBuilder.ApplyConfiguration(new TraceConfiguration(json));
        modelBuilder.ApplyConfiguration(new ModelConfiguration(json));
        modelBuilder.ApplyConfiguration(new EvaluationConfiguration(json));
        modelBuilder.ApplyConfiguration(new RejectedCandidateConfiguration());
        modelBuilder.ApplyConfiguration(new StepLabelConfiguration());
        SnakeCaseNames.Apply(modelBuilder);
    }
}
